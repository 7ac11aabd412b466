package dev.upwatch.core.model;

/** What one check found. */
public enum Outcome {
    /** The probe ran and every condition held. */
    SUCCESS,
    /** The probe ran and the service failed: unreachable, or a condition did not hold. */
    FAILURE,
    /** The probe could not run on our side (bad local state, overload); says nothing about the service. */
    ERROR;

    /** Lower-case name used on the wire. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
