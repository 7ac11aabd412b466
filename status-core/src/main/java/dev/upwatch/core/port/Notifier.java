package dev.upwatch.core.port;

import dev.upwatch.core.model.StatusChange;

/**
 * Told of every status change. Called on the checking thread of the changing monitor: an implementation must
 * hand slow work (network delivery) to its own threads and return quickly, so that notifying never delays
 * probing. A small durable write is acceptable (the notification outbox stores each message before it returns,
 * a few milliseconds on H2), since a status change happens once per transition, not once per check.
 */
public interface Notifier {

    /** A monitor changed status. */
    void statusChanged(StatusChange change);
}
