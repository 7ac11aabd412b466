package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A monitor moved from one status to another; the event notifications and the live page react to.
 *
 * @param monitor  the monitor, as configured when the change happened
 * @param previous the status before
 * @param current  the status now
 * @param at       when the check that caused the change started
 * @param sample   the check that caused the change
 * @param reason   human-readable cause: the failing condition, the probe error, or the slow response
 */
public record StatusChange(Monitor monitor, Status previous, Status current, Instant at, Sample sample, String reason) {
    public StatusChange {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(reason, "reason");
        if (previous == current) {
            throw new IllegalArgumentException("a status change needs two different statuses, got " + current + " twice");
        }
    }
}
