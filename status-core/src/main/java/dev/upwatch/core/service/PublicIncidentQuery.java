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
    private final NarrowedIncidentQuery visible;

    public PublicIncidentQuery(IncidentQuery all, PublicStatusQuery status) {
        Objects.requireNonNull(status, "status");
        this.visible = new NarrowedIncidentQuery(all, id -> !status.isHidden(id));
    }

    @Override
    public List<Incident> active() {
        return visible.active();
    }

    @Override
    public List<Incident> between(Instant from, Instant to) {
        return visible.between(from, to);
    }

    @Override
    public List<Incident> forService(MonitorId monitorId, int limit) {
        return visible.forService(monitorId, limit);
    }

    @Override
    public Optional<Incident> find(IncidentId id) {
        return visible.find(id);
    }

    /** {@code incident} as the public may see it: without the services {@code hidden} names, or not at all. */
    public static Optional<Incident> visible(Incident incident, Predicate<MonitorId> hidden) {
        return NarrowedIncidentQuery.narrowed(incident, hidden.negate());
    }

}
