package dev.upwatch.core.probe;

import java.util.Optional;

/**
 * Thrown by a probe (or an outbound client) when the {@link EgressPolicy} forbids every way to reach a target; the
 * check runner records such a check as {@link dev.upwatch.core.model.Outcome#BLOCKED}. No connection was attempted.
 */
public final class EgressDeniedException extends RuntimeException {
    public EgressDeniedException(String message) {
        super(message, null, false, false);
    }

    /** The first {@link EgressDeniedException} in {@code failure}'s cause chain, if any. */
    public static Optional<EgressDeniedException> findIn(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EgressDeniedException denied) {
                return Optional.of(denied);
            }
        }
        return Optional.empty();
    }
}
