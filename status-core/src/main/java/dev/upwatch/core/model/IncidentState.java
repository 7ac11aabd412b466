package dev.upwatch.core.model;

/** Where an incident stands, in Statuspage's terms. */
public enum IncidentState {
    INVESTIGATING,
    IDENTIFIED,
    MONITORING,
    RESOLVED;

    /** Lower-case name used on the wire and in configuration. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
