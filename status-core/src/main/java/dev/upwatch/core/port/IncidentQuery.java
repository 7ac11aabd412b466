package dev.upwatch.core.port;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read side of incidents for the page and API (automatic, manual and maintenance alike). */
public interface IncidentQuery {

    /** Unresolved incidents and current or upcoming maintenance, newest first. */
    List<Incident> active();

    /** Incidents that overlap {@code [from, to)}, newest start first. */
    List<Incident> between(Instant from, Instant to);

    /** The newest incidents affecting one service, newest first. */
    List<Incident> forService(MonitorId monitorId, int limit);

    /** One incident. */
    Optional<Incident> find(IncidentId id);
}
