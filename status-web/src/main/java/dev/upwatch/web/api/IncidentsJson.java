package dev.upwatch.web.api;

import java.util.List;

/**
 * {@code GET /api/v1/incidents}: the incidents going on now and those overlapping the range asked for.
 *
 * @param active    unresolved incidents and current or upcoming maintenance, newest first
 * @param incidents incidents overlapping {@code [from, to)}, newest start first
 */
public record IncidentsJson(List<IncidentJson> active, List<IncidentJson> incidents) {
}
