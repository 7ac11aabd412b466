package dev.upwatch.core.service;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.IncidentQuery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Incidents as a narrowed status view shows them: the monitors {@code shows} refuses are left out of every incident's
 * affected services, and an incident left with none is not shown at all (one that named no service stays).
 */
public final class NarrowedIncidentQuery implements IncidentQuery {
    private final IncidentQuery all;
    private final Predicate<MonitorId> shows;

    /** The incidents of {@code all}, each with only the services {@code shows} accepts. */
    public NarrowedIncidentQuery(IncidentQuery all, Predicate<MonitorId> shows) {
        this.all = Objects.requireNonNull(all, "all");
        this.shows = Objects.requireNonNull(shows, "shows");
    }

    @Override
    public List<Incident> active() {
        return visible(all.active());
    }

    @Override
    public List<Incident> between(Instant from, Instant to) {
        return visible(all.between(from, to));
    }

    @Override
    public List<Incident> forService(MonitorId monitorId, int limit) {
        return shows.test(monitorId) ? visible(all.forService(monitorId, limit)) : List.of();
    }

    @Override
    public Optional<Incident> find(IncidentId id) {
        return all.find(id).flatMap(this::visible);
    }

    private List<Incident> visible(List<Incident> incidents) {
        return incidents.stream().flatMap(incident -> visible(incident).stream()).toList();
    }

    private Optional<Incident> visible(Incident incident) {
        return narrowed(incident, shows);
    }

    /**
     * {@code incident} narrowed to the services {@code shows}: without the others, or not at all when it affected only
     * others. The one rule of every narrowed view of incidents (public page, API, feeds, status pages, subscribers).
     */
    public static Optional<Incident> narrowed(Incident incident, Predicate<MonitorId> shows) {
        List<MonitorId> shown = incident.services().stream().filter(shows).toList();
        if (shown.size() == incident.services().size()) {
            return Optional.of(incident);
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Incident(incident.id(), incident.kind(), incident.title(), incident.impact(), shown,
                incident.startedAt(), incident.resolvedAt(), incident.updates()));
    }
}
