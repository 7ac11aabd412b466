package dev.upwatch.core.service;

import dev.upwatch.core.model.Condition;
import dev.upwatch.core.model.Observation;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.FailureReason;
import dev.upwatch.core.probe.NoVerdictException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one check: calls the probe under the monitor's deadline, times it with the monotonic clock,
 * evaluates the conditions and returns the sample. Whatever the probe does (throw, hang, return
 * garbage) ends as a sample; this class never throws for a probe's sake. Every error text of a sample passes
 * through {@link FailureReason}: what a probe throws becomes a short sentence, and what it reports is cleaned, so a
 * reason on the page is never a library object's dump.
 */
public final class CheckRunner {
    private final Clock clock;
    private final ExecutorService probeExecutor;

    /**
     * @param clock         wall clock for sample timestamps and certificate arithmetic
     * @param probeExecutor runs the probe calls, so that a hanging probe can be abandoned at the deadline
     */
    public CheckRunner(Clock clock, ExecutorService probeExecutor) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probeExecutor = Objects.requireNonNull(probeExecutor, "probeExecutor");
    }

    /** Checks {@code monitor} once with {@code probe}. */
    public Sample run(Monitor monitor, Probe probe) {
        Instant startedAt = clock.instant();
        ProbeContext context = ProbeContext.startingNow(monitor.id(), monitor.timeout(), monitor.interval(),
                neededPlaceholders(monitor));
        long start = System.nanoTime();
        Future<ProbeOutcome> future;
        try {
            future = probeExecutor.submit(() -> probe.probe(context));
        } catch (RejectedExecutionException e) {
            return error(monitor, startedAt, "check could not start: probe executor refused it");
        }
        ProbeOutcome outcome;
        try {
            outcome = Objects.requireNonNull(future.get(Math.max(0, context.deadlineNanos() - System.nanoTime()),
                    TimeUnit.NANOSECONDS), "probe returned null");
        } catch (TimeoutException e) {
            future.cancel(true);
            outcome = ProbeOutcome.unreachable(FailureReason.timedOut(monitor.timeout()));
        } catch (ExecutionException e) {
            Optional<EgressDeniedException> denied = EgressDeniedException.findIn(e.getCause());
            if (denied.isPresent()) {
                return blocked(monitor, startedAt, denied.get().getMessage());
            }
            if (e.getCause() instanceof NoVerdictException undecided) {
                return error(monitor, startedAt, FailureReason.clean(undecided.getMessage()));
            }
            outcome = ProbeOutcome.unreachable(FailureReason.of(e.getCause(), monitor.timeout()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return error(monitor, startedAt, "check interrupted by shutdown");
        } catch (RuntimeException e) {
            outcome = ProbeOutcome.unreachable(FailureReason.of(e, monitor.timeout()));
        }
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        Duration responseTime = outcome.elapsed().filter(d -> !d.isNegative()).orElse(measured);
        return evaluate(monitor, startedAt, responseTime, outcome);
    }

    private Sample evaluate(Monitor monitor, Instant startedAt, Duration responseTime, ProbeOutcome outcome) {
        Observation observation = new Observation(outcome, responseTime, clock.instant());
        List<ConditionResult> results = new ArrayList<>(monitor.conditions().size());
        boolean success;
        // Whether every failed condition reads a placeholder the probe could not read on our side (then: no verdict).
        boolean undecided = true;
        if (monitor.conditions().isEmpty()) {
            success = outcome.connected() && outcome.error().isEmpty();
            undecided = false;
        } else {
            success = true;
            for (Condition condition : monitor.conditions()) {
                ConditionResult result = condition.evaluate(observation);
                results.add(result);
                success &= result.success();
                if (!result.success()) {
                    undecided &= condition.placeholders().stream().anyMatch(outcome.unchecked()::containsKey);
                }
            }
        }
        if (!success && undecided) {
            return new Sample(monitor.id(), startedAt, responseTime, Outcome.ERROR, Optional.of(uncheckedReason(outcome)),
                    results, outcome.certificateExpiry(), outcome.phases());
        }
        return new Sample(monitor.id(), startedAt, responseTime, success ? Outcome.SUCCESS : Outcome.FAILURE,
                outcome.error().map(FailureReason::clean), results, outcome.certificateExpiry(), outcome.phases());
    }

    /** "could not check [DOMAIN_EXPIRATION]: RDAP server rdap.example did not answer", for each unread placeholder. */
    private static String uncheckedReason(ProbeOutcome outcome) {
        StringBuilder reason = new StringBuilder();
        outcome.unchecked().forEach((placeholder, why) -> reason.append(reason.isEmpty() ? "" : "; ")
                .append("could not check [").append(placeholder.name()).append("]: ").append(why));
        return FailureReason.clean(reason.toString());
    }

    private static Sample error(Monitor monitor, Instant startedAt, String why) {
        return new Sample(monitor.id(), startedAt, Duration.ZERO, Outcome.ERROR, Optional.of(why), List.of());
    }

    private static Sample blocked(Monitor monitor, Instant startedAt, String why) {
        return new Sample(monitor.id(), startedAt, Duration.ZERO, Outcome.BLOCKED, Optional.of(why), List.of());
    }

    private static Set<Placeholder> neededPlaceholders(Monitor monitor) {
        Set<Placeholder> needed = EnumSet.noneOf(Placeholder.class);
        monitor.conditions().forEach(c -> needed.addAll(c.placeholders()));
        return needed;
    }
}
