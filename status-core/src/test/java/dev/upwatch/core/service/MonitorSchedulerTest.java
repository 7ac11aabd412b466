package dev.upwatch.core.service;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.ProbeOutcome;
import dev.upwatch.core.probe.ProbeSettings;
import dev.upwatch.core.probe.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    private final MonitorScheduler scheduler = new MonitorScheduler(Clock.systemUTC(),
            new CheckRunner(Clock.systemUTC(), probeExecutor), (monitor, sample) -> samples.add(sample), 10);

    @AfterEach
    void stop() {
        scheduler.close();
        probeExecutor.shutdownNow();
    }

    private static Monitor monitor(String id, Duration interval, Duration timeout) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("test", ProbeSettings.empty()))
                .interval(interval).timeout(timeout).build();
    }

    @Test
    void aMonitorNeverOverlapsWithItselfAndSkippedRunsAreCounted() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        // The check (probe + listener) takes 1.5 s at a 1 s interval: every other slot finds it still running.
        MonitorScheduler slow = new MonitorScheduler(Clock.systemUTC(), new CheckRunner(Clock.systemUTC(), probeExecutor),
                (monitor, sample) -> {
                    try {
                        Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, 10);
        try {
            slow.schedule(monitor("slow", Duration.ofSeconds(1), Duration.ofSeconds(1)), context -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                running.decrementAndGet();
                three.countDown();
                return ProbeOutcome.builder().connected(true).build();
            }, true);
            assertTrue(three.await(15, TimeUnit.SECONDS));
            assertEquals(1, maxRunning.get(), "never two checks of one monitor at once");
            assertTrue(slow.stats().overlapsSkipped() >= 1, "skipped runs are counted: " + slow.stats());
        } finally {
            slow.close();
        }
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
    void unscheduledMonitorsStopBeingChecked() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        scheduler.schedule(monitor("gone", Duration.ofSeconds(1), Duration.ofMillis(500)), context -> {
            calls.incrementAndGet();
            first.countDown();
            return ProbeOutcome.builder().connected(true).build();
        }, true);
        assertTrue(first.await(10, TimeUnit.SECONDS));
        scheduler.unschedule(MonitorId.of("gone"));
        int after = calls.get();
        Thread.sleep(2_200);
        assertEquals(after, calls.get());
    }
}
