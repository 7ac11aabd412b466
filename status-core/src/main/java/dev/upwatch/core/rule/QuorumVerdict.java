package dev.upwatch.core.rule;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A monitor's status decided from its locations' verdicts: DOWN when at least {@code quorum} of its locations say
 * DOWN, else DEGRADED when at least {@code quorum} say DEGRADED or DOWN, else MAINTENANCE when at least {@code quorum}
 * are in maintenance, else UP once a location sees it answer (UP, DEGRADED or MAINTENANCE; UNKNOWN before). Failing from fewer locations is a
 * partial state ({@link #failingFrom()}) that changes nothing.
 *
 * <p>Only locations that still check count: a location whose latest check is older than {@code 3 × interval + grace}
 * (a location whose nodes are all gone; a live location hands a monitor over within 2 intervals plus the lease) drops
 * out of the vote, and the quorum is capped at the locations left, so a dead location never holds the verdict.
 *
 * @param status  the monitor's status
 * @param quorum  how many locations had to agree
 * @param counted the verdicts that counted, by location name
 */
public record QuorumVerdict(Status status, int quorum, List<LocationStatus> counted) {
    public QuorumVerdict {
        Objects.requireNonNull(status, "status");
        counted = List.copyOf(counted);
    }

    /**
     * Decides {@code monitor}'s status at {@code now} from {@code reports} (one per location; those of locations the
     * monitor is not placed in are ignored).
     *
     * @param grace how long, beyond 3 intervals, a location may be silent before it stops counting (the cluster lease)
     */
    public static QuorumVerdict of(Monitor monitor, Collection<LocationStatus> reports, Instant now, Duration grace) {
        Instant staleBefore = now.minus(monitor.interval().multipliedBy(3)).minus(grace);
        List<LocationStatus> counted = reports.stream()
                .filter(report -> report.monitor().equals(monitor.id()))
                .filter(report -> monitor.placement().includes(report.location()))
                .filter(report -> !report.checkedAt().isBefore(staleBefore))
                .sorted(Comparator.comparing(LocationStatus::location))
                .toList();
        int listed = monitor.placement().locations().isEmpty() ? counted.size() : monitor.placement().locations().size();
        int quorum = Math.max(1, Math.min(counted.size(), monitor.placement().quorum().orElse(listed / 2 + 1)));
        long down = counted.stream().filter(r -> r.status() == Status.DOWN).count();
        long failing = counted.stream().filter(LocationStatus::failing).count();
        long maintenance = counted.stream().filter(r -> r.status() == Status.MAINTENANCE).count();
        Status status;
        if (down >= quorum) {
            status = Status.DOWN;
        } else if (failing >= quorum) {
            status = Status.DEGRADED;
        } else if (maintenance >= quorum) {
            status = Status.MAINTENANCE;
        } else if (counted.stream().anyMatch(r -> r.status() == Status.UP || r.status() == Status.DEGRADED
                || r.status() == Status.MAINTENANCE)) {
            status = Status.UP;
        } else {
            status = Status.UNKNOWN;
        }
        return new QuorumVerdict(status, quorum, counted);
    }

    /** The locations that see the monitor failing (DOWN or DEGRADED) worse than its status: "failing from nyc". */
    public List<Location> failingFrom() {
        return LocationStatus.failingFrom(status, counted);
    }
}
