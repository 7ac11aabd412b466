package dev.upwatch.core.model;

import java.util.Objects;

/**
 * An incident was opened, updated or resolved: what notifications and the live page react to.
 *
 * @param type     what happened
 * @param incident the incident as it is after the event
 */
public record IncidentEvent(Type type, Incident incident) {

    /** What happened to the incident. */
    public enum Type {
        OPENED, UPDATED, RESOLVED,
        /**
         * A person acknowledged the outage of an automatic incident: someone is on it. The incident's newest update
         * ({@link IncidentState#IDENTIFIED}) says who; reminders about its services stop.
         */
        ACKNOWLEDGED;

        /** Event name on the wire, e.g. {@code incident.opened}. */
        public String wireName() {
            return "incident." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public IncidentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(incident, "incident");
    }
}
