package dev.upwatch.core.port;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;

/**
 * Told of every status change, and of every completed check. Called on the checking thread of the monitor: an
 * implementation must hand slow work (network delivery) to its own threads and return quickly, so that notifying
 * never delays probing. A small durable write is acceptable (the notification outbox stores each message before
 * it returns, a few milliseconds on H2), since a status change happens once per transition, not once per check.
 */
public interface Notifier {

    /** A monitor changed status. */
    void statusChanged(StatusChange change);

    /**
     * Told of every completed check, after its sample has been applied, on the checking thread; must return at
     * once (this runs once per check, not once per transition). Does nothing by default.
     */
    default void checked(Monitor monitor, Sample sample) {
    }
}
