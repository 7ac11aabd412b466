package dev.upwatch.core.rule;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the samples of one monitor into its status: {@code failureThreshold} consecutive failures make
 * it DOWN, {@code successThreshold} consecutive successes bring a DOWN monitor back, and a passing check
 * slower than {@code degradedAbove} is DEGRADED. ERROR and BLOCKED samples (our side could not or
 * would not check) change nothing.
 * Not thread-safe: one monitor's samples are applied one at a time, in order.
 */
public final class HealthStateMachine {
    private Status status;
    private Instant since;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    private HealthStateMachine(Status status, Instant since) {
        this.status = status;
        this.since = since;
    }

    /** A machine with no verdict yet. */
    public static HealthStateMachine unknown(Instant since) {
        return new HealthStateMachine(Status.UNKNOWN, Objects.requireNonNull(since, "since"));
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
        Status next = switch (sample.outcome()) {
            case ERROR, BLOCKED -> status;
            case FAILURE -> {
                consecutiveFailures++;
                consecutiveSuccesses = 0;
                yield consecutiveFailures >= monitor.failureThreshold() ? Status.DOWN : status;
            }
            case SUCCESS -> {
                consecutiveSuccesses++;
                consecutiveFailures = 0;
                Status healthy = isSlow(monitor, sample) ? Status.DEGRADED : Status.UP;
                yield status == Status.DOWN && consecutiveSuccesses < monitor.successThreshold() ? status : healthy;
            }
        };
        if (next == status) {
            return Optional.empty();
        }
        StatusChange change = new StatusChange(monitor, status, next, sample.startedAt(), sample, reason(monitor, sample, next));
        status = next;
        since = sample.startedAt();
        return Optional.of(change);
    }

    private static boolean isSlow(Monitor monitor, Sample sample) {
        return monitor.degradedAbove().map(limit -> sample.responseTime().compareTo(limit) > 0).orElse(false);
    }

    private static String reason(Monitor monitor, Sample sample, Status next) {
        return switch (next) {
            case DOWN -> sample.failureReason().orElse("check failed");
            case DEGRADED -> "response time " + millis(sample.responseTime()) + " above "
                    + DurationText.format(monitor.degradedAbove().orElseThrow());
            case UP -> "checks pass, response time " + millis(sample.responseTime());
            default -> next.wireName();
        };
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
