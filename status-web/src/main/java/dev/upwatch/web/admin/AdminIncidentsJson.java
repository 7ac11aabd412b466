package dev.upwatch.web.admin;

import dev.upwatch.web.api.IncidentJson;

import java.util.List;

/**
 * {@code GET /api/v1/admin/incidents}: incidents of every kind, resolved ones included, newest start first.
 *
 * @param incidents at most the {@code limit} asked for
 */
public record AdminIncidentsJson(List<IncidentJson> incidents) {
}
