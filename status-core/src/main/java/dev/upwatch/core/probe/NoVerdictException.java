package dev.upwatch.core.probe;

/**
 * Thrown by a probe that cannot judge its target yet (a push monitor before its first push is due); the check runner
 * records the check as {@link dev.upwatch.core.model.Outcome#ERROR} with this message, which changes no status.
 */
public final class NoVerdictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoVerdictException(String message) {
        super(message, null, false, false);
    }
}
