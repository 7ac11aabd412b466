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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

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
    private final CheckDeadlines deadlines;

    /**
     * With the process's shared {@link CheckDeadlines}.
     *
     * @param clock         wall clock for sample timestamps and certificate arithmetic
     * @param probeExecutor runs what must not wait for a probe: the probe of {@link #run(Monitor, Probe)}, and what
     *                      follows a deadline that passed before the probe returned
     */
    public CheckRunner(Clock clock, ExecutorService probeExecutor) {
        this(clock, probeExecutor, CheckDeadlines.shared());
    }

    /**
     * @param clock         wall clock for sample timestamps and certificate arithmetic
     * @param probeExecutor as above
     * @param deadlines     watches the deadline of every check in flight
     */
    public CheckRunner(Clock clock, ExecutorService probeExecutor, CheckDeadlines deadlines) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probeExecutor = Objects.requireNonNull(probeExecutor, "probeExecutor");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /**
     * Checks {@code monitor} once with {@code probe} and returns the sample, at the latest at the monitor's deadline:
     * the probe runs on a thread of the probe executor.
     */
    public Sample run(Monitor monitor, Probe probe) {
        CompletableFuture<Sample> result = new CompletableFuture<>();
        Future<?> running;
        try {
            running = probeExecutor.submit(() -> run(monitor, probe, result::complete));
        } catch (RejectedExecutionException e) {
            return error(monitor, clock.instant(), "check could not start: probe executor refused it");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return error(monitor, clock.instant(), "check interrupted by shutdown");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a check ended without a sample", e.getCause()); // run(…, then) never throws
        }
    }

    /**
     * Checks {@code monitor} once with {@code probe} on the calling thread, and hands the sample to {@code then}
     * exactly once: on this thread when the probe returns before the deadline; otherwise at the deadline, on a thread
     * of the probe executor, while this thread is interrupted (the probe is abandoned: what it returns later is
     * dropped, and this method returns when it does). One thread per check and one cheap deadline, so that the
     * common case, a probe that answers in time, starts no other thread and parks on no timer. Throws nothing for a
     * probe's sake; what {@code then} throws reaches the caller when it runs on this thread.
     */
    public void run(Monitor monitor, Probe probe, Consumer<Sample> then) {
        run(monitor, probe, neededPlaceholders(monitor), then);
    }

    /** As {@link #run(Monitor, Probe, Consumer)}, with {@code monitor}'s {@link #neededPlaceholders} worked out once. */
    void run(Monitor monitor, Probe probe, Set<Placeholder> needed, Consumer<Sample> then) {
        Instant startedAt = clock.instant();
        ProbeContext context = ProbeContext.startingNow(monitor.id(), monitor.timeout(), monitor.interval(), needed);
        Thread probing = Thread.currentThread();
        CheckDeadlines.Armed deadline = deadlines.arm(monitor.timeout(), () -> {
            probing.interrupt();
            Sample timedOut = evaluate(monitor, startedAt, monitor.timeout(),
                    ProbeOutcome.unreachable(FailureReason.timedOut(monitor.timeout())));
            try {
                probeExecutor.execute(() -> then.accept(timedOut));
            } catch (RejectedExecutionException e) {
                then.accept(timedOut); // shutting down: hand it over here rather than lose it
            }
        });
        long start = System.nanoTime();
        ProbeOutcome outcome;
        Throwable thrown = null;
        try {
            outcome = probe.probe(context);
        } catch (Throwable e) { // as a failed sample, whatever it is
            outcome = null;
            thrown = e;
        }
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        if (!deadline.disarm()) {
            Thread.interrupted(); // the deadline's interrupt, which may not have landed yet: this thread ends here
            return;
        }
        then.accept(sample(monitor, startedAt, measured, outcome, thrown));
    }

    /** The sample of a probe that returned {@code outcome} or threw {@code thrown} before the deadline. */
    private Sample sample(Monitor monitor, Instant startedAt, Duration measured, ProbeOutcome outcome, Throwable thrown) {
        if (thrown instanceof InterruptedException || (thrown == null && Thread.currentThread().isInterrupted())) {
            Thread.currentThread().interrupt(); // not by the deadline, which did not pass: shutting down
            return error(monitor, startedAt, "check interrupted by shutdown");
        }
        if (thrown != null) {
            Optional<EgressDeniedException> denied = EgressDeniedException.findIn(thrown);
            if (denied.isPresent()) {
                return blocked(monitor, startedAt, denied.get().getMessage());
            }
            if (thrown instanceof NoVerdictException undecided) {
                return error(monitor, startedAt, FailureReason.clean(undecided.getMessage()));
            }
            outcome = ProbeOutcome.unreachable(FailureReason.of(thrown, monitor.timeout()));
        } else if (outcome == null) {
            outcome = ProbeOutcome.unreachable(FailureReason.of(new NullPointerException("probe returned null"),
                    monitor.timeout()));
        }
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

    /** The placeholders {@code monitor}'s conditions read, as an unmodifiable set (which the probe context keeps as is). */
    static Set<Placeholder> neededPlaceholders(Monitor monitor) {
        Set<Placeholder> needed = EnumSet.noneOf(Placeholder.class);
        monitor.conditions().forEach(c -> needed.addAll(c.placeholders()));
        return Set.copyOf(needed);
    }
}
