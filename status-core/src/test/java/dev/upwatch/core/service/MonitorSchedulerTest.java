package dev.upwatch.core.service;

import dev.upwatch.core.DirectExecutor;
import dev.upwatch.core.MovableClock;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonitorSchedulerTest {
    private final ExecutorService probeExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    /** Judges the checks of the monitors it tracks, as in the engine: it decides the sooner retries. */
    private final StatusService status = new StatusService(Clock.systemUTC(), new InMemorySampleStore());
    private final MonitorScheduler scheduler = new MonitorScheduler(Clock.systemUTC(),
            new CheckRunner(Clock.systemUTC(), probeExecutor), (monitor, sample) -> {
                samples.add(sample);
                return status.checked(monitor, sample);
            }, 10);

    /** Starts just after the phase of the hour-long monitor "failing": its next regular slot is an hour away. */
    private static final Instant START = Instant.ofEpochMilli(
            Math.floorMod(MonitorScheduler.phaseHash(MonitorId.of("failing")), Duration.ofHours(1).toMillis()) + 1);
    private final MovableClock clock = new MovableClock(START);
    /** Runs checks inside {@code clock.advance}: nothing happens but what the clock's passing makes happen. */
    private final MonitorScheduler manual = new MonitorScheduler(clock, clock, new DirectExecutor(),
            new CheckRunner(clock, probeExecutor), (monitor, sample) -> status.checked(monitor, sample), 10);

    /** How long from {@link #START} to {@code monitor}'s first regular slot. */
    private static Duration untilRegularSlot(Monitor monitor) {
        long interval = monitor.interval().toMillis();
        return Duration.ofMillis(Math.floorMod(Math.floorMod(MonitorScheduler.phaseHash(monitor.id()), interval)
                - START.toEpochMilli(), interval));
    }

    @AfterEach
    void stop() {
        manual.close();
        scheduler.close();
        probeExecutor.shutdownNow();
    }

    private static Monitor monitor(String id, Duration interval, Duration timeout) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("test", ProbeSettings.empty()))
                .interval(interval).timeout(timeout).build();
    }

    @Test
    void aMonitorNeverOverlapsWithItselfAndSkippedRunsAreCounted() throws Exception {
        // The check (its listener) hangs on a latch while the clock passes three more slots: each finds it running.
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        MovableClock clock = new MovableClock(START);
        ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
        MonitorScheduler slow = new MonitorScheduler(clock, clock, checks, new CheckRunner(clock, probeExecutor),
                (monitor, sample) -> {
                    calls.incrementAndGet();
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return CheckVerdict.unjudged(sample);
                }, 10);
        try {
            slow.schedule(monitor("slow", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    context -> ProbeOutcome.builder().connected(true).build(), true);
            clock.advance(Duration.ofSeconds(1));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            clock.advance(Duration.ofSeconds(3));
            assertEquals(1, calls.get(), "never two checks of one monitor at once");
            assertTrue(slow.stats().overlapsSkipped() >= 3, "skipped runs are counted: " + slow.stats());
        } finally {
            release.countDown();
            slow.close();
        }
    }

    @Test
    void aProbeThatIgnoresItsDeadlineIsJudgedAtTheDeadlineAndItsMonitorIsCheckedAgain() throws Exception {
        // The probe of the first check swallows its interrupt and never returns by itself; deadlines and slots run on
        // the test's clock, the checks on their own virtual threads as in the engine.
        MovableClock clock = new MovableClock(START);
        ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<Sample> judged = new CopyOnWriteArrayList<>();
        MonitorScheduler watched = new MonitorScheduler(clock, clock, checks,
                new CheckRunner(clock, probeExecutor, new CheckDeadlines(clock)), (monitor, sample) -> {
                    judged.add(sample);
                    return CheckVerdict.unjudged(sample);
                }, 10);
        Monitor monitor = monitor("stubborn", Duration.ofSeconds(10), Duration.ofSeconds(2));
        try {
            watched.schedule(monitor, context -> {
                if (calls.incrementAndGet() == 1) {
                    entered.countDown();
                    while (release.getCount() > 0) {
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            // ignores it, as a misbehaving third-party probe might
                        }
                    }
                }
                return ProbeOutcome.builder().connected(true).build();
            }, false);
            clock.advance(untilRegularSlot(monitor));
            assertTrue(entered.await(10, TimeUnit.SECONDS));

            clock.advance(Duration.ofSeconds(2));
            awaitSize(judged, 1);
            assertEquals("timed out after 2s", judged.get(0).error().orElseThrow());

            assertTrue(watched.checkNow(monitor.id()), "asked for while the first probe still hangs");
            awaitSize(judged, 2);
            assertEquals(Outcome.SUCCESS, judged.get(1).outcome(), "the monitor was freed at the deadline");
            assertEquals(2, calls.get());
        } finally {
            release.countDown();
            watched.close();
        }
        assertEquals(2, judged.size(), "what the stubborn probe returned at last was dropped");
    }

    /** Waits, with a deadline, for {@code list} to hold {@code size} elements (handed on by other threads). */
    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(size, list.size(), list.toString());
    }

    @Test
    void aCheckAskedForWhileOneRunsFollowsItInsteadOfBeingSkipped() throws Exception {
        // A push arriving while the previous push is being checked: its check must still happen.
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        MonitorId id = MonitorId.of("pushed");
        scheduler.schedule(monitor("pushed", Duration.ofHours(1), Duration.ofSeconds(5)), context -> {
            if (calls.incrementAndGet() == 1) {
                firstEntered.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                secondRan.countDown();
            }
            return ProbeOutcome.builder().connected(true).build();
        }, false);

        assertTrue(scheduler.checkNow(id));
        assertTrue(firstEntered.await(10, TimeUnit.SECONDS));
        assertTrue(scheduler.checkNow(id), "asked for while the first check runs");
        releaseFirst.countDown();

        assertTrue(secondRan.await(10, TimeUnit.SECONDS), "the second check followed the first");
        assertEquals(0, scheduler.stats().overlapsSkipped(), scheduler.stats().toString());
    }

    @Test
    void aThrowingProbeDoesNotStopTheSchedule() throws Exception {
        CountDownLatch calls = new CountDownLatch(3);
        scheduler.schedule(monitor("boom", Duration.ofSeconds(1), Duration.ofMillis(500)), context -> {
            calls.countDown();
            throw new IllegalStateException("boom");
        }, true);
        assertTrue(calls.await(10, TimeUnit.SECONDS), "kept calling after exceptions");
        assertTrue(samples.size() >= 2);
        assertTrue(samples.stream().allMatch(s -> s.error().orElse("").contains("boom")));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheSchedule() throws Exception {
        CountDownLatch calls = new CountDownLatch(3);
        MonitorScheduler throwing = new MonitorScheduler(Clock.systemUTC(), new CheckRunner(Clock.systemUTC(), probeExecutor),
                (monitor, sample) -> {
                    calls.countDown();
                    throw new IllegalStateException("listener broke");
                }, 2);
        try {
            throwing.schedule(monitor("l", Duration.ofSeconds(1), Duration.ofMillis(500)),
                    context -> ProbeOutcome.builder().connected(true).build(), true);
            assertTrue(calls.await(10, TimeUnit.SECONDS));
        } finally {
            throwing.close();
        }
    }

    @Test
    void runsAtTheIntervalWithoutDrift() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch five = new CountDownLatch(5);
        scheduler.schedule(monitor("steady", Duration.ofSeconds(1), Duration.ofMillis(500)), context -> {
            starts.add(System.nanoTime());
            five.countDown();
            return ProbeOutcome.builder().connected(true).build();
        }, false);
        assertTrue(five.await(10, TimeUnit.SECONDS));
        // Runs are planned at start + k × interval, so one late start (a loaded machine) does not shift the
        // next ones: the typical gap is one interval, and the 4 gaps add up to 4 s give or take one late start.
        long[] gaps = new long[4];
        for (int i = 0; i < 4; i++) {
            gaps[i] = starts.get(i + 1) - starts.get(i);
        }
        java.util.Arrays.sort(gaps);
        long median = (gaps[1] + gaps[2]) / 2;
        assertTrue(Math.abs(median - TimeUnit.SECONDS.toNanos(1)) < TimeUnit.MILLISECONDS.toNanos(100),
                "median gap " + TimeUnit.NANOSECONDS.toMillis(median) + " ms");
        long total = starts.get(4) - starts.get(0);
        assertTrue(Math.abs(total - TimeUnit.SECONDS.toNanos(4)) < TimeUnit.MILLISECONDS.toNanos(500),
                "4 intervals took " + TimeUnit.NANOSECONDS.toMillis(total) + " ms");
        assertEquals(0, scheduler.stats().overlapsSkipped());
    }

    @Test
    void phasesAreStableAndSpread() {
        assertEquals(MonitorScheduler.phaseHash(MonitorId.of("api")), MonitorScheduler.phaseHash(MonitorId.of("api")));
        assertNotEquals(MonitorScheduler.phaseHash(MonitorId.of("api")), MonitorScheduler.phaseHash(MonitorId.of("apj")));
        // 1,000 monitors at 30 s: every 3 s slot of the interval gets roughly a tenth of them.
        int[] slots = new int[10];
        for (int i = 0; i < 1_000; i++) {
            slots[(int) (Math.floorMod(MonitorScheduler.phaseHash(MonitorId.of("monitor-" + i)), 30_000L) / 3_000)]++;
        }
        for (int count : slots) {
            assertTrue(count > 60 && count < 140, "slot holds " + count + " of 1000");
        }
    }

    @Test
    void unscheduledMonitorsStopBeingChecked() {
        AtomicInteger calls = new AtomicInteger();
        manual.schedule(monitor("gone", Duration.ofSeconds(1), Duration.ofMillis(500)), context -> {
            calls.incrementAndGet();
            return ProbeOutcome.builder().connected(true).build();
        }, true);
        clock.advance(Duration.ofSeconds(5));
        int before = calls.get();
        assertTrue(before >= 1, "checked while scheduled");

        manual.unschedule(MonitorId.of("gone"));
        clock.advance(Duration.ofMinutes(10));

        assertEquals(before, calls.get(), "not one check in ten minutes after unscheduling");
    }

    /** Retry slots sit at failed slot + k × retry and leave a whole retry interval before the next regular slot. */
    @ParameterizedTest(name = "failed at {0}, retry {1}, next regular {2}, now {3} -> {4}")
    @CsvSource({
            // failed slot, retry, next regular slot, now, retry slot (or none)
            "0,   20, 60,  5,   20",
            "20,  20, 60,  25,  40",
            "40,  20, 60,  45,  none",
            "0,   20, 60,  21,  40",
            "0,   20, 60,  41,  none",
            "0,   25, 60,  5,   25",
            "25,  25, 60,  30,  none",
            "0,   60, 60,  1,   none",
            "100, 10, 160, 100, 110",
    })
    void retrySlots(long failedSlot, long retry, long nextRegular, long now, String expected) {
        assertEquals(expected.equals("none") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(expected)),
                MonitorScheduler.retrySlot(failedSlot, retry, nextRegular, now));
    }

    @Test
    void aFailingMonitorIsRetriedAtItsRetryIntervalUntilTheFailureThreshold() {
        AtomicInteger calls = new AtomicInteger();
        // Its next regular slot is an hour away (see START): only retries can bring the second and third checks.
        Monitor failing = Monitor.builder(MonitorId.of("failing"), "failing", new ProbeSpec("test", ProbeSettings.empty()))
                .interval(Duration.ofHours(1)).timeout(Duration.ofSeconds(1)).retryInterval(Duration.ofSeconds(1))
                .failureThreshold(3).build();
        status.track(List.of(failing));
        manual.schedule(failing, context -> {
            calls.incrementAndGet();
            return ProbeOutcome.unreachable("connection refused");
        }, true);

        clock.advance(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(3, calls.get(), "the first check and two retries a second apart");
        clock.advance(untilRegularSlot(failing).minusSeconds(10));
        assertEquals(3, calls.get(), "no retries once the failure threshold is reached");
    }

    @Test
    void aPassingMonitorIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        Monitor passing = Monitor.builder(MonitorId.of("passing"), "passing", new ProbeSpec("test", ProbeSettings.empty()))
                .interval(Duration.ofHours(1)).timeout(Duration.ofSeconds(1)).retryInterval(Duration.ofSeconds(1)).build();
        status.track(List.of(passing));
        manual.schedule(passing, context -> {
            calls.incrementAndGet();
            return ProbeOutcome.builder().connected(true).build();
        }, true);

        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, calls.get());
        clock.advance(untilRegularSlot(passing).minusSeconds(10));
        assertEquals(1, calls.get(), "no extra checks before the next regular slot");
    }
}
