package dev.upwatch.core.service;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.model.Condition;
import dev.upwatch.core.model.Observation;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckRunnerTest {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CheckRunner runner = new CheckRunner(Clock.systemUTC(), executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A condition on the status code, written out here so the runner is tested apart from the parser. */
    private record StatusIs(int expected) implements Condition {
        public String expression() {
            return "[STATUS] == " + expected;
        }

        public Set<Placeholder> placeholders() {
            return Set.of(Placeholder.STATUS);
        }

        public ConditionResult evaluate(Observation observation) {
            String actual = observation.outcome().statusCode().stream().mapToObj(Integer::toString).findFirst().orElse("n/a");
            return new ConditionResult(expression(), "[STATUS] (" + actual + ") == " + expected,
                    observation.outcome().statusCode().orElse(-1) == expected);
        }
    }

    private static Monitor monitor(Duration timeout, Condition... conditions) {
        return Monitor.builder(MonitorId.of("svc"), "Service", new ProbeSpec("test", ProbeSettings.empty()))
                .interval(Duration.ofSeconds(30)).timeout(timeout).conditions(List.of(conditions)).build();
    }

    @Test
    void theSampleCarriesTheCertificateExpiryTheProbeSaw() {
        Instant notAfter = Instant.parse("2026-12-01T00:00:00Z");
        Sample sample = runner.run(monitor(Duration.ofSeconds(1)),
                context -> ProbeOutcome.builder().connected(true).certificateExpiry(notAfter).build());
        assertEquals(Optional.of(notAfter), sample.certificateExpiry());
        assertEquals(Optional.empty(), runner.run(monitor(Duration.ofSeconds(1)),
                context -> ProbeOutcome.builder().connected(true).build()).certificateExpiry());
    }

    @Test
    void theSampleCarriesTheProbesTimingPhasesInOrder() {
        Sample sample = runner.run(monitor(Duration.ofSeconds(1)), context -> ProbeOutcome.builder().connected(true)
                .phase("dns", Duration.ofMillis(1)).phase("connect", Duration.ofMillis(2))
                .phase("firstByte", Duration.ofMillis(3)).build());

        assertEquals(List.of("dns", "connect", "firstByte"), List.copyOf(sample.phases().keySet()));
        assertEquals(Duration.ofMillis(2), sample.phases().get("connect"));
    }

    @Test
    void aConditionTheProbeCouldNotCheckOnOurSideMakesAnErrorSampleNotAFailure() {
        Monitor monitor = monitor(Duration.ofSeconds(1), new StatusIs(200),
                (Condition) dev.upwatch.core.condition.ConditionParser.parse("[DOMAIN_EXPIRATION] > 720h"));
        Sample sample = runner.run(monitor, context -> ProbeOutcome.builder().connected(true).statusCode(200)
                .unchecked(Placeholder.DOMAIN_EXPIRATION, "RDAP server 127.0.0.1 did not answer").build());

        assertEquals(Outcome.ERROR, sample.outcome(), "our RDAP lookup failing says nothing about the service");
        assertEquals(Optional.of("could not check [DOMAIN_EXPIRATION]: RDAP server 127.0.0.1 did not answer"),
                sample.error());
        assertEquals("[DOMAIN_EXPIRATION] (could not check) > 720h", sample.conditionResults().get(1).rendered());
    }

    @Test
    void anotherFailingConditionStillMakesTheCheckAFailure() {
        Monitor monitor = monitor(Duration.ofSeconds(1), new StatusIs(200),
                (Condition) dev.upwatch.core.condition.ConditionParser.parse("[DOMAIN_EXPIRATION] > 720h"));
        Sample sample = runner.run(monitor, context -> ProbeOutcome.builder().connected(true).statusCode(503)
                .unchecked(Placeholder.DOMAIN_EXPIRATION, "RDAP server 127.0.0.1 did not answer").build());

        assertEquals(Outcome.FAILURE, sample.outcome(), "the service failed on its own account");
    }

    @Test
    void allConditionsHoldingIsASuccess() {
        Sample sample = runner.run(monitor(Duration.ofSeconds(1), new StatusIs(200)),
                context -> ProbeOutcome.builder().connected(true).statusCode(200).elapsed(Duration.ofMillis(42)).build());
        assertEquals(Outcome.SUCCESS, sample.outcome());
        assertEquals(Duration.ofMillis(42), sample.responseTime(), "the probe's own measurement is used when it gives one");
        assertEquals("[STATUS] (200) == 200", sample.conditionResults().get(0).rendered());
    }

    @Test
    void aFailingConditionIsAFailureThatSaysWhy() {
        Sample sample = runner.run(monitor(Duration.ofSeconds(1), new StatusIs(200)),
                context -> ProbeOutcome.builder().connected(true).statusCode(503).build());
        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("[STATUS] (503) == 200", sample.failureReason().orElseThrow());
    }

    @Test
    void aThrowingProbeBecomesAFailedSampleWithTheErrorText() {
        Sample sample = runner.run(monitor(Duration.ofSeconds(1)), context -> {
            throw new IllegalStateException("probe exploded");
        });
        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("check failed: probe exploded", sample.error().orElseThrow());
    }

    @Test
    void theRunnerEnforcesTheDeadlineAndInterruptsAHangingProbe() throws Exception {
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        Probe hanging = context -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return ProbeOutcome.builder().connected(true).build();
        };
        long start = System.nanoTime();
        Sample sample = runner.run(monitor(Duration.ofMillis(300)), hanging);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("timed out after 300ms", sample.error().orElseThrow());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "returned at the deadline, not when the probe finished: " + took);
        Thread.sleep(200);
        assertTrue(interrupted.get(), "the abandoned probe was interrupted");
    }

    @Test
    void aProbeThatIgnoresItsDeadlineIsCutOffAndRecordedAsTimedOutAtTheDeadline() throws Exception {
        // The deadline runs on a clock the test moves; the probe runs on its own thread, as the scheduler runs it.
        MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
        CheckDeadlines deadlines = new CheckDeadlines(clock);
        CheckRunner watched = new CheckRunner(clock, executor, deadlines);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        CountDownLatch interrupted = new CountDownLatch(1);
        Probe stubborn = context -> {
            entered.countDown();
            while (true) { // swallows every interrupt until the test lets it go
                try {
                    release.await();
                    return ProbeOutcome.builder().connected(true).build();
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                    interrupted.countDown();
                }
            }
        };
        List<Sample> handed = new CopyOnWriteArrayList<>();
        CompletableFuture<Sample> first = new CompletableFuture<>();
        CompletableFuture<Void> probeThreadDone = CompletableFuture.runAsync(() -> watched.run(monitor(Duration.ofMillis(300)),
                stubborn, sample -> {
                    handed.add(sample);
                    first.complete(sample);
                }), executor);
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        clock.advance(Duration.ofMillis(299));
        assertEquals(1, deadlines.armedCount(), "not cut off before the deadline");
        clock.advance(Duration.ofMillis(1));
        assertEquals(0, deadlines.armedCount(), "cut off at the deadline");

        Sample sample = first.get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("timed out after 300ms", sample.error().orElseThrow());
        assertEquals(Duration.ofMillis(300), sample.responseTime());
        assertEquals(clock.instant().minusMillis(300), sample.startedAt(), "stamped when the check started");
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the abandoned probe was interrupted at the deadline");

        release.countDown();
        probeThreadDone.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(sample), handed, "what the probe returned after its deadline is dropped");
        assertEquals(1, interrupts.get(), "interrupted once");
    }

    @Test
    void aProbeThatAnswersInTimeHandsItsSampleOnOnItsOwnThreadAndLeavesNoDeadlineBehind() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
        CheckDeadlines deadlines = new CheckDeadlines(clock);
        CheckRunner watched = new CheckRunner(clock, executor, deadlines);
        List<Thread> handedOn = new CopyOnWriteArrayList<>();
        watched.run(monitor(Duration.ofSeconds(1)), context -> ProbeOutcome.builder().connected(true).build(),
                sample -> handedOn.add(Thread.currentThread()));

        assertEquals(List.of(Thread.currentThread()), handedOn);
        assertEquals(0, deadlines.armedCount());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, handedOn.size(), "nothing more at the deadline");
        assertTrue(!Thread.currentThread().isInterrupted());
    }

    @Test
    void withoutConditionsAConnectionWithoutErrorIsASuccess() {
        assertEquals(Outcome.SUCCESS, runner.run(monitor(Duration.ofSeconds(1)),
                context -> ProbeOutcome.builder().connected(true).build()).outcome());
        assertEquals(Outcome.FAILURE, runner.run(monitor(Duration.ofSeconds(1)),
                context -> ProbeOutcome.unreachable("connection refused")).outcome());
    }

    @Test
    void theProbeIsToldWhatTheConditionsNeedAndItsDeadline() {
        AtomicReference<ProbeContext> seen = new AtomicReference<>();
        runner.run(monitor(Duration.ofSeconds(2), new StatusIs(200)), context -> {
            seen.set(context);
            return ProbeOutcome.builder().connected(true).statusCode(200).build();
        });
        assertEquals(Set.of(Placeholder.STATUS), seen.get().needed());
        assertTrue(seen.get().remaining().compareTo(Duration.ofSeconds(2)) <= 0);
        assertTrue(seen.get().remaining().compareTo(Duration.ofMillis(1500)) > 0);
    }

    @Test
    void aRefusedSubmissionIsAnErrorOnOurSideNotAFailureOfTheService() {
        executor.shutdown();
        Sample sample = runner.run(monitor(Duration.ofSeconds(1)), context -> ProbeOutcome.builder().connected(true).build());
        assertEquals(Outcome.ERROR, sample.outcome());
    }
}
