package dev.upwatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The state of every monitor at one moment: what the page and the summary API render.
 *
 * @param updatedAt when the newest check in it started (or when the service started, before any check)
 * @param overall   the worst status of all services
 * @param services  every service, in display order
 */
public record StatusSnapshot(Instant updatedAt, Status overall, List<ServiceStatus> services) {
    public StatusSnapshot {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(overall, "overall");
        services = List.copyOf(services);
    }
}
