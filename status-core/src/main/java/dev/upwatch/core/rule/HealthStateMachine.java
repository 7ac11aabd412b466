package dev.upwatch.core.rule;

import dev.upwatch.core.model.StatusReason;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the samples of one monitor into its status: {@code failureThreshold} consecutive failures make
 * it DOWN, {@code successThreshold} consecutive successes bring a DOWN monitor back, {@code degradedAfter}
 * consecutive passing checks slower than {@code degradedAbove} make it DEGRADED, and {@code successThreshold}
 * consecutive fast ones bring a DEGRADED monitor back to UP. ERROR and BLOCKED samples (our side could not or
 * would not check) change nothing. A sample taken inside a maintenance window makes the monitor MAINTENANCE whatever it found and
 * clears the counts; after the window the first checks decide afresh (a pass is UP, failures are DOWN at the
 * failure threshold and UNKNOWN before it). Not thread-safe: one monitor's samples are applied one at a time,
 * in order.
 */
public final class HealthStateMachine {
    private Status status;
    private Instant since;
    private int consecutiveFailures;
    private int consecutiveSuccesses;
    private int consecutiveSlow;
    private int consecutiveFast;

    private HealthStateMachine(Status status, Instant since) {
        this.status = status;
        this.since = since;
    }

    /** A machine with no verdict yet. */
    public static HealthStateMachine unknown(Instant since) {
        return new HealthStateMachine(Status.UNKNOWN, Objects.requireNonNull(since, "since"));
    }

    /**
     * A machine restored to {@code status}, as committed by an earlier run, with no consecutive counts: the next
     * samples decide from there (a threshold counts only the checks after the restore).
     */
    public static HealthStateMachine restored(Status status, Instant since) {
        return new HealthStateMachine(Objects.requireNonNull(status, "status"), Objects.requireNonNull(since, "since"));
    }

    /** The current status. */
    public Status status() {
        return status;
    }

    /** When the current status began (or when the machine started, for UNKNOWN). */
    public Instant since() {
        return since;
    }

    /**
     * Applies the next sample of {@code monitor}.
     *
     * @return the change it caused, if the status changed
     */
    public Optional<StatusChange> apply(Monitor monitor, Sample sample) {
        return apply(monitor, sample, Optional.empty());
    }

    /**
     * Applies the next sample of {@code monitor}, taken inside the maintenance window titled {@code maintenance}
     * when one is given.
     *
     * @return the change it caused, if the status changed
     */
    public Optional<StatusChange> apply(Monitor monitor, Sample sample, Optional<String> maintenance) {
        Status next;
        if (maintenance.isPresent()) {
            consecutiveFailures = 0;
            consecutiveSuccesses = 0;
            consecutiveSlow = 0;
            consecutiveFast = 0;
            next = Status.MAINTENANCE;
        } else {
            next = switch (sample.outcome()) {
                case ERROR, BLOCKED -> status;
                case FAILURE -> failed(monitor);
                case SUCCESS -> passed(monitor, sample);
            };
        }
        if (next == status) {
            return Optional.empty();
        }
        String reason = maintenance.map(title -> "maintenance: " + title).orElseGet(() -> reason(monitor, sample, next));
        StatusChange change = new StatusChange(monitor, status, next, sample.startedAt(), sample, reason);
        status = next;
        since = sample.startedAt();
        return Optional.of(change);
    }

    /**
     * True when the check just applied failed but the failure threshold is not reached, and the monitor retries
     * sooner than its interval: the scheduler's one source for extra checks, so that they follow the same count as
     * the status (also after a restart, when the count comes from the replayed samples).
     *
     * @param sample the sample just applied
     */
    public boolean retriesSooner(Monitor monitor, Sample sample) {
        return sample.outcome() == Outcome.FAILURE && status != Status.MAINTENANCE && monitor.retriesSooner()
                && consecutiveFailures > 0 && consecutiveFailures < monitor.failureThreshold();
    }

    private Status failed(Monitor monitor) {
        consecutiveFailures++;
        consecutiveSuccesses = 0;
        consecutiveSlow = 0;
        consecutiveFast = 0;
        if (consecutiveFailures >= monitor.failureThreshold()) {
            return Status.DOWN;
        }
        return status == Status.MAINTENANCE ? Status.UNKNOWN : status;
    }

    private Status passed(Monitor monitor, Sample sample) {
        consecutiveSuccesses++;
        consecutiveFailures = 0;
        boolean slow = isSlow(monitor, sample);
        if (slow) {
            consecutiveSlow++;
            consecutiveFast = 0;
        } else {
            consecutiveFast++;
            consecutiveSlow = 0;
        }
        if (status == Status.DOWN && consecutiveSuccesses < monitor.successThreshold()) {
            return status;
        }
        if (slow && consecutiveSlow >= monitor.degradedAfter()) {
            return Status.DEGRADED;
        }
        if (status == Status.DEGRADED && (slow || consecutiveFast < monitor.successThreshold())) {
            return status;
        }
        return Status.UP;
    }

    private static boolean isSlow(Monitor monitor, Sample sample) {
        return monitor.degradedAbove().map(limit -> sample.responseTime().compareTo(limit) > 0).orElse(false);
    }

    private static String reason(Monitor monitor, Sample sample, Status next) {
        return switch (next) {
            case DOWN -> sample.failureReason().orElse("check failed");
            case DEGRADED -> StatusReason.slow(monitor, sample);
            case UP -> "checks pass, response time " + millis(sample.responseTime());
            default -> next.wireName();
        };
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
