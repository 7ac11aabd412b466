package dev.upwatch.core.memory;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.IncidentStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** An {@link IncidentStore} in memory, for embedding without a database and for tests. */
public final class InMemoryIncidentStore implements IncidentStore {
    private final Map<IncidentId, Incident> incidents = new LinkedHashMap<>();

    @Override
    public synchronized void save(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        incidents.put(incident.id(), incident);
    }

    @Override
    public synchronized Optional<Incident> find(IncidentId id) {
        return Optional.ofNullable(incidents.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public List<Incident> active() {
        return select(Incident::isActive, Integer.MAX_VALUE);
    }

    @Override
    public List<Incident> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return select(incident -> incident.overlaps(from, to), Integer.MAX_VALUE);
    }

    @Override
    public List<Incident> forService(MonitorId monitorId, int limit) {
        Objects.requireNonNull(monitorId, "monitorId");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return select(incident -> incident.affects(monitorId), limit);
    }

    private synchronized List<Incident> select(Predicate<Incident> filter, int limit) {
        return incidents.values().stream().filter(filter).sorted(Incident.NEWEST_FIRST).limit(limit).toList();
    }
}
