package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A monitor's status as last committed together with its consequences (incident change, outbox messages): what a
 * restart restores.
 *
 * @param monitor the monitor
 * @param status  its status
 * @param since   when the check that decided it started; samples after this instant were not yet judged by a commit
 */
public record CommittedStatus(MonitorId monitor, Status status, Instant since) {
    public CommittedStatus {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
    }
}
