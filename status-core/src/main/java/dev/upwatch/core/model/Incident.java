package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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

    /** Newest start first, the id breaking ties: the order of every incident list. */
    public static final Comparator<Incident> NEWEST_FIRST =
            Comparator.comparing(Incident::startedAt).reversed().thenComparing(incident -> incident.id().value());

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

    /**
     * True when it has not ended at {@code now}: unresolved, or resolved at a later instant (a configured
     * maintenance window or incident whose end is still ahead). Upcoming ones count as active too.
     */
    public boolean isActiveAt(Instant now) {
        return resolvedAt.map(end -> end.isAfter(now)).orElse(true);
    }

    /** True when it starts after {@code now}: a scheduled maintenance announced ahead of its window. */
    public boolean isUpcomingAt(Instant now) {
        return startedAt.isAfter(now);
    }

    /**
     * True when it overlaps {@code [from, to)}: it starts before {@code to}, and either started at or after
     * {@code from} or was still going after {@code from}.
     */
    public boolean overlaps(Instant from, Instant to) {
        return startedAt.isBefore(to)
                && (!startedAt.isBefore(from) || resolvedAt.map(end -> end.isAfter(from)).orElse(true));
    }

    /** True when {@code monitorId} is among the affected services. */
    public boolean affects(MonitorId monitorId) {
        return services.contains(monitorId);
    }

    /** This incident with a new timeline entry appended. */
    public Incident withUpdate(IncidentUpdate update) {
        List<IncidentUpdate> timeline = new java.util.ArrayList<>(updates);
        timeline.add(Objects.requireNonNull(update, "update"));
        return new Incident(id, kind, title, impact, services, startedAt, resolvedAt, timeline);
    }

    /** This incident with another impact and title, e.g. escalated from DEGRADED to DOWN. */
    public Incident withImpact(Status newImpact, String newTitle) {
        return new Incident(id, kind, newTitle, newImpact, services, startedAt, resolvedAt, updates);
    }

    /** This incident resolved at {@code at}, with a last {@link IncidentState#RESOLVED} update saying {@code message}. */
    public Incident resolved(Instant at, String message) {
        return new Incident(id, kind, title, impact, services, startedAt, Optional.of(at), updates)
                .withUpdate(new IncidentUpdate(at, IncidentState.RESOLVED, message));
    }

    /** How long it lasted, or has lasted until {@code now}. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, resolvedAt.orElse(now));
    }
}
