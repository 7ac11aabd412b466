package dev.upwatch.core.service;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.IncidentQuery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /** {@code incident} as the public may see it: without private services, or not at all. */
    public Optional<Incident> visible(Incident incident) {
        List<MonitorId> shown = incident.services().stream().filter(id -> !status.isHidden(id)).toList();
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
