package dev.upwatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A monitor's status as last committed together with its consequences (incident change, outbox messages): what a
 * restart restores.
 *
 * @param monitor   the monitor
 * @param status    its status
 * @param since     when the check that decided it started; samples after this instant were not yet judged by a commit
 * @param locations in a cluster, each location's committed verdict on it (what the status was decided from); empty
 *                  for a process alone
 */
public record CommittedStatus(MonitorId monitor, Status status, Instant since, List<LocationStatus> locations) {
    public CommittedStatus {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        locations = List.copyOf(locations);
    }

    /** A status without location verdicts (a process alone, or a cluster's status row read alone). */
    public CommittedStatus(MonitorId monitor, Status status, Instant since) {
        this(monitor, status, since, List.of());
    }
}
