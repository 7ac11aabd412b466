package dev.upwatch.core.port;

import dev.upwatch.core.model.CommittedStatus;

import java.util.List;
import java.util.function.Consumer;

/**
 * The statuses the nodes of a cluster commit, as they commit them: how a node learns of a change another node decided
 * (PostgreSQL: LISTEN/NOTIFY, sent by the committing transaction). After each (re)connection every committed status
 * is delivered once, so nothing committed while the feed was away is missed.
 */
public interface CommittedStatusFeed extends AutoCloseable {

    /** Starts delivering to {@code receiver} on a thread of the feed's own, until {@link #close()}. */
    void start(Consumer<List<CommittedStatus>> receiver);

    /** Stops delivering and lets go of the connection. */
    @Override
    void close();
}
