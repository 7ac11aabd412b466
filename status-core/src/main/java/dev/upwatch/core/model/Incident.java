package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something visitors should know about: an outage derived from status changes, a manual incident, or a
 * maintenance notice.
 *
 * @param id         stable identifier
 * @param kind       how it came to be
 * @param title      one-line summary
 * @param impact     the worst status it caused (or announces), e.g. DOWN or DEGRADED, MAINTENANCE for notices
 * @param services   the affected monitors
 * @param startedAt  when it began
 * @param resolvedAt when it ended, if it has
 * @param updates    the timeline, oldest first; for automatic incidents the failing condition text is in them
 */
public record Incident(IncidentId id, Kind kind, String title, Status impact, List<MonitorId> services,
                       Instant startedAt, Optional<Instant> resolvedAt, List<IncidentUpdate> updates) {

    /** How an incident came to be. */
    public enum Kind {
        /** Opened and resolved by Upwatch from a monitor's status changes. */
        AUTOMATIC,
        /** Written by people (configuration or admin API). */
        MANUAL,
        /** A planned maintenance notice. */
        MAINTENANCE
    }

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        services = List.copyOf(services);
        updates = List.copyOf(updates);
        resolvedAt.ifPresent(end -> {
            if (end.isBefore(startedAt)) {
                throw new IllegalArgumentException("incident " + id + " resolves before it starts");
            }
        });
    }

    /** True while not resolved. */
    public boolean isActive() {
        return resolvedAt.isEmpty();
    }

    /** How long it lasted, or has lasted until {@code now}. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, resolvedAt.orElse(now));
    }
}
