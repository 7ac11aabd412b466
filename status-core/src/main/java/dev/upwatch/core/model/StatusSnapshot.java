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

    /**
     * Whether both lists hold the very same status objects in the same order. A service's status object is replaced
     * whenever it changes, so this is a cheap test that nothing of them changed.
     */
    public static boolean sameServices(List<ServiceStatus> a, List<ServiceStatus> b) {
        if (a == b) {
            return true; // the same snapshot's list: no need to look at 1,000 elements on every request
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
