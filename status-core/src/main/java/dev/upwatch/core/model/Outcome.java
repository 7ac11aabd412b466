package dev.upwatch.core.model;

/** What one check found. */
public enum Outcome {
    /** The probe ran and every condition held. */
    SUCCESS,
    /** The probe ran and the service failed: unreachable, or a condition did not hold. */
    FAILURE,
    /** The probe could not run on our side (bad local state, overload); says nothing about the service. */
    ERROR,
    /**
     * The egress policy forbade connecting to the target (e.g. a cloud metadata or private address); no connection
     * was attempted. Like {@link #ERROR} it says nothing about the service, so it changes no status.
     */
    BLOCKED;

    /** Whether the check observed the service at all (false for {@link #ERROR} and {@link #BLOCKED}). */
    public boolean observedService() {
        return this == SUCCESS || this == FAILURE;
    }

    /** Lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
