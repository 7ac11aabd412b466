package dev.upwatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A monitor moved from one status to another; the event notifications and the live page react to.
 *
 * @param monitor  the monitor, as configured when the change happened
 * @param previous the status before
 * @param current  the status now
 * @param at       when the check that caused the change started
 * @param sample   the check that caused the change
 * @param reason   human-readable cause: the failing condition, the probe error, the slow response, or
 *                 {@code unreachable: Router is down} when {@code cause} is set
 * @param cause    the monitor it depends on ({@code depends-on}) whose outage this change belongs to: the change is
 *                 shown as caused by it and notifies nothing of its own; empty for a change of its own
 * @param affected for a change of a monitor others depend on: those others, named in its notification (for a DOWN
 *                 every dependent, for a recovery the dependents still not up); empty otherwise
 */
public record StatusChange(Monitor monitor, Status previous, Status current, Instant at, Sample sample, String reason,
                           Optional<Monitor> cause, List<Monitor> affected) {
    public StatusChange {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
        affected = List.copyOf(affected);
        if (previous == current) {
            throw new IllegalArgumentException("a status change needs two different statuses, got " + current + " twice");
        }
    }

    /** A change of the monitor's own, related to no other monitor. */
    public StatusChange(Monitor monitor, Status previous, Status current, Instant at, Sample sample, String reason) {
        this(monitor, previous, current, at, sample, reason, Optional.empty(), List.of());
    }

    /** This change as part of {@code parent}'s outage, with the reason {@code reason}. */
    public StatusChange causedBy(Monitor parent, String reason) {
        return new StatusChange(monitor, previous, current, at, sample, reason, Optional.of(parent), affected);
    }

    /** This change naming the monitors that depend on this one and are affected by it. */
    public StatusChange affecting(List<Monitor> dependents) {
        return new StatusChange(monitor, previous, current, at, sample, reason, cause, dependents);
    }
}
