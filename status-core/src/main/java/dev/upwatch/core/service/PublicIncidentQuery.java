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
 * What the public may see of incidents, by the same rule as {@link PublicStatusQuery}: private monitors are left out of
 * every incident's affected services, and an incident that affected only private monitors is not shown at all.
 */
public final class PublicIncidentQuery implements IncidentQuery {
    private final IncidentQuery all;
    private final PublicStatusQuery status;

    public PublicIncidentQuery(IncidentQuery all, PublicStatusQuery status) {
        this.all = Objects.requireNonNull(all, "all");
        this.status = Objects.requireNonNull(status, "status");
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
        return status.isHidden(monitorId) ? List.of() : visible(all.forService(monitorId, limit));
    }

    @Override
    public Optional<Incident> find(IncidentId id) {
        return all.find(id).flatMap(this::visible);
    }

    private List<Incident> visible(List<Incident> incidents) {
        return incidents.stream().flatMap(incident -> visible(incident).stream()).toList();
    }

    private Optional<Incident> visible(Incident incident) {
        return visible(incident, status::isHidden);
    }

    /**
     * {@code incident} as the public may see it: without the services {@code hidden} names, or not at all when it
     * affected only hidden ones. The one rule of every public view of incidents (page, API, feeds, subscribers).
     */
    public static Optional<Incident> visible(Incident incident, Predicate<MonitorId> hidden) {
        List<MonitorId> shown = incident.services().stream().filter(id -> !hidden.test(id)).toList();
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
