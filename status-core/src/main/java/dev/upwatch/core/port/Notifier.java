package dev.upwatch.core.port;

import dev.upwatch.core.model.StatusChange;

/**
 * Told of every status change. Called on the checking thread: an implementation must hand slow work
 * (network delivery) to its own threads and return at once, so that notifying never delays probing.
 */
public interface Notifier {

    /** A monitor changed status. */
    void statusChanged(StatusChange change);
}
