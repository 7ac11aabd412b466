package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One location's verdict on a monitor: the thresholds applied to that location's own checks. The monitor's status is
 * decided from its locations' verdicts by {@link dev.upwatch.core.rule.QuorumVerdict}.
 *
 * @param monitor      the monitor
 * @param location     where it was checked from
 * @param status       the location's status of it (its own health state machine)
 * @param since        when the check that decided that status started
 * @param checkedAt    when the location's latest check started: a location that stops checking drops out of the vote
 * @param responseTime the latest check's response time
 * @param reason       why the location does not see it up (failing condition, probe error); empty when up
 */
public record LocationStatus(MonitorId monitor, Location location, Status status, Instant since, Instant checkedAt,
                             Duration responseTime, String reason) {
    public LocationStatus {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(reason, "reason");
    }

    /** True when the location sees the monitor failing (DOWN or DEGRADED). */
    public boolean failing() {
        return status == Status.DOWN || status == Status.DEGRADED;
    }

    /** The locations of {@code locations} that see the monitor failing worse than {@code status}, in name order. */
    public static List<Location> failingFrom(Status status, Collection<LocationStatus> locations) {
        return locations.stream().filter(r -> r.failing() && r.status().isWorseThan(status))
                .map(LocationStatus::location).sorted().toList();
    }
}
