package dev.upwatch.core.port;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable storage of incidents, so that their history survives restarts. */
public interface IncidentStore {

    /** Inserts the incident, or replaces the stored one with the same id (its whole timeline). */
    void save(Incident incident);

    /** The incident with {@code id}, if stored. */
    Optional<Incident> find(IncidentId id);

    /** Incidents not resolved yet, newest first. */
    List<Incident> active();

    /** Incidents that overlap {@code [from, to)}, newest start first. */
    List<Incident> between(Instant from, Instant to);

    /** The newest incidents affecting {@code monitorId}, newest first, at most {@code limit}. */
    List<Incident> forService(MonitorId monitorId, int limit);
}
