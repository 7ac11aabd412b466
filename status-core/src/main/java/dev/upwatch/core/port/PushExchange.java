package dev.upwatch.core.port;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Push;

import java.util.function.BiConsumer;

/**
 * The pushes of push (heartbeat) monitors shared by the nodes of a cluster, so that a push sent to any node reaches
 * the node that checks the monitor (PostgreSQL: a row per monitor and LISTEN/NOTIFY). After each (re)connection
 * every monitor's latest push is handed on once, so none published while the follower was away is missed.
 */
public interface PushExchange extends AutoCloseable {

    /** Makes {@code push} the latest of {@code monitor} for every node (an older one never replaces a newer). */
    void publish(MonitorId monitor, Push push);

    /** Hands every push any node publishes to {@code receiver}, on a thread of the exchange's own, until closed. */
    void follow(BiConsumer<MonitorId, Push> receiver);

    /** Stops following and lets go of the connection. */
    @Override
    void close();
}
