package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.UptimeCalculator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RollupRecorder} and {@link StatusService} keep uptime history as additive rollups in a {@link RollupStore}. */
class RollupRecorderTest {
    private static final Instant T0 = Instant.parse("2026-03-14T23:59:00Z");
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
            new ProbeSpec("test", ProbeSettings.empty())).interval(Duration.ofSeconds(30)).failureThreshold(1).build();

    private static Sample sample(Instant at, long millis, Outcome outcome) {
        return new Sample(API.id(), at, Duration.ofMillis(millis), outcome, Optional.empty(), List.of());
    }

    /** Regression: a BLOCKED check (egress policy) counted as a success, with a response time of 0. */
    @Test
    void blockedChecksAreErrorsLikeErrorChecks() {
        InMemoryRollupStore store = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        recorder.record(API, sample(T0, 0, Outcome.BLOCKED), Status.UNKNOWN);
        recorder.record(API, sample(T0.plusSeconds(10), 5, Outcome.ERROR), Status.UNKNOWN);
        recorder.flush();
        Rollup rollup = store.series(API.id(), RollupTier.DAY, RollupTier.DAY.floor(T0), T0.plusSeconds(60)).getFirst();
        assertEquals(new CheckCounts(0, 0, 2), rollup.counts());
        assertTrue(rollup.histogram().isEmpty(), "errors have no response time");
    }

    /**
     * Regression: a failure inside a maintenance window arrives excused as an ERROR sample and was counted as an error,
     * so "uptime with maintenance counted as down" missed exactly the checks that found the service down.
     */
    @Test
    void everyCheckInMaintenanceIsAMaintenanceCheckWhateverItFound() {
        InMemoryRollupStore store = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        recorder.record(API, sample(T0, 40, Outcome.SUCCESS), Status.MAINTENANCE);
        recorder.record(API, sample(T0.plusSeconds(10), 3_000, Outcome.ERROR), Status.MAINTENANCE);
        recorder.record(API, sample(T0.plusSeconds(20), 0, Outcome.BLOCKED), Status.MAINTENANCE);
        recorder.record(API, sample(T0.plusSeconds(30), 60, Outcome.SUCCESS), Status.UP);
        recorder.flush();
        Rollup rollup = store.series(API.id(), RollupTier.DAY, RollupTier.DAY.floor(T0), T0.plusSeconds(60)).getFirst();
        assertEquals(3, rollup.maintenance());
        assertEquals(0, rollup.errors());
        assertEquals(new CheckCounts(1, 0, 0), rollup.counts(), "maintenance still counts neither way");
        assertEquals(25.0, UptimeCalculator.percentCountingMaintenance(rollup.counts(), rollup.maintenance())
                .orElseThrow(), 1e-9);
    }

    @Test
    void everyTierCountsEachCheckOnceByOutcomeAndStatus() {
        InMemoryRollupStore store = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        recorder.record(API, sample(T0, 100, Outcome.SUCCESS), Status.UP);
        recorder.record(API, sample(T0.plusSeconds(10), 900, Outcome.SUCCESS), Status.DEGRADED);
        recorder.record(API, sample(T0.plusSeconds(20), 5, Outcome.ERROR), Status.DEGRADED);
        recorder.record(API, sample(T0.plusSeconds(30), 50, Outcome.FAILURE), Status.MAINTENANCE);
        recorder.record(API, sample(T0.plusSeconds(40), 20, Outcome.FAILURE), Status.DOWN);
        recorder.flush();

        for (RollupTier tier : RollupTier.values()) {
            List<Rollup> rollups = store.series(API.id(), tier, tier.floor(T0), T0.plusSeconds(60));
            assertEquals(1, rollups.size(), tier.wireName());
            Rollup rollup = rollups.getFirst();
            assertEquals(5, rollup.checks());
            assertEquals(new CheckCounts(2, 1, 1), rollup.counts(), "maintenance counts neither way");
            assertEquals(1, rollup.maintenance());
            assertEquals(1, rollup.degraded());
            assertEquals(20_000, rollup.responseMinMicros());
            assertEquals(900_000, rollup.responseMaxMicros());
            assertEquals(1_070_000, rollup.responseSumMicros());
            assertEquals(4, rollup.histogram().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void downTimeRunsFromTheCheckThatLeftTheMonitorDownToTheNextAcrossBucketsCappedAtTwoIntervals() {
        InMemoryRollupStore store = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        recorder.record(API, sample(T0.plusSeconds(30), 10, Outcome.FAILURE), Status.DOWN);      // 23:59:30, down
        recorder.record(API, sample(T0.plusSeconds(75), 10, Outcome.SUCCESS), Status.UP);        // 00:00:15, up
        recorder.record(API, sample(T0.plusSeconds(90), 10, Outcome.FAILURE), Status.DOWN);      // 00:00:30, down
        recorder.record(API, sample(T0.plusSeconds(600), 10, Outcome.SUCCESS), Status.UP);       // gap: 60 s credited
        recorder.flush();

        assertEquals(List.of(30_000L, 15_000L + 30_000L, 30_000L), store.series(API.id(), RollupTier.MINUTE,
                T0, T0.plusSeconds(180)).stream().map(Rollup::downMillis).toList());
        assertEquals(List.of(30_000L, 75_000L), store.series(API.id(), RollupTier.DAY,
                RollupTier.DAY.floor(T0), T0.plusSeconds(3600)).stream().map(Rollup::downMillis).toList());
    }

    @Test
    void percentilesComeFromTheHistogramWithinFivePercentAndWithinMinAndMax() {
        InMemoryRollupStore store = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(store);
        for (int i = 1; i <= 100; i++) {
            recorder.record(API, sample(T0.plusMillis(i * 100L), i * 10L, Outcome.SUCCESS), Status.UP);
        }
        recorder.flush();
        Rollup minute = store.series(API.id(), RollupTier.MINUTE, T0, T0.plusSeconds(60)).getFirst();
        assertEquals(Duration.ofMillis(10), minute.responseTimes().orElseThrow().min());
        assertEquals(Duration.ofMillis(1000), minute.responseTimes().orElseThrow().max());
        assertEquals(500, minute.percentile(50).orElseThrow().toMillis(), 25);
        assertEquals(950, minute.percentile(95).orElseThrow().toMillis(), 48);
        assertEquals(990, minute.percentile(99).orElseThrow().toMillis(), 50);
        assertTrue(minute.percentile(99).orElseThrow().toMillis() <= 1000);
    }

    @Test
    void aFailedFlushKeepsItsDeltasAndAddsThemOnTheNextOne() {
        FlakyRollupStore flaky = new FlakyRollupStore();
        flaky.broken.set(true);
        RollupRecorder recorder = new RollupRecorder(flaky);
        recorder.record(API, sample(T0, 10, Outcome.SUCCESS), Status.UP);
        assertThrows(IllegalStateException.class, recorder::flush);
        recorder.record(API, sample(T0.plusSeconds(1), 10, Outcome.FAILURE), Status.UP);
        flaky.broken.set(false);
        recorder.flush();
        recorder.record(API, sample(T0.plusSeconds(2), 10, Outcome.SUCCESS), Status.UP);
        recorder.flush();

        assertEquals(new CheckCounts(2, 1, 0),
                flaky.memory.series(API.id(), RollupTier.MINUTE, T0, T0.plusSeconds(60)).getFirst().counts());
    }

    /**
     * A flush writes its monitors in groups (each group's buckets and marks in one write: per monitor, what a crash
     * needs). A failure part-way keeps only the groups not written, so the retry counts each check once.
     */
    @Test
    void aFlushWritesItsMonitorsInGroupsAndAFailureKeepsOnlyTheGroupsNotWritten() {
        FlakyRollupStore flaky = new FlakyRollupStore();
        RollupRecorder recorder = new RollupRecorder(flaky);
        int count = 2 * RollupRecorder.MONITORS_PER_WRITE + 50;
        List<Monitor> monitors = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> Monitor.builder(MonitorId.of(String.format("m%03d", i)), "M" + i,
                        new ProbeSpec("test", ProbeSettings.empty())).interval(Duration.ofSeconds(30)).build())
                .toList();
        monitors.forEach(monitor -> recorder.record(monitor, new Sample(monitor.id(), T0, Duration.ofMillis(5),
                Outcome.SUCCESS, Optional.empty(), List.of()), Status.UP));
        flaky.addsLeft.set(1); // the first group is written, the second fails
        assertThrows(IllegalStateException.class, recorder::flush);
        assertEquals(List.of(RollupRecorder.MONITORS_PER_WRITE), flaky.monitorsPerAdd);

        flaky.broken.set(false);
        recorder.flush();
        assertEquals(List.of(RollupRecorder.MONITORS_PER_WRITE, RollupRecorder.MONITORS_PER_WRITE, 50),
                flaky.monitorsPerAdd, "the retry writes the 150 monitors not written, only them");
        for (Monitor monitor : monitors) {
            for (RollupTier tier : RollupTier.values()) {
                List<Rollup> series = flaky.memory.series(monitor.id(), tier, T0.minus(Duration.ofDays(1)),
                        T0.plusSeconds(60));
                assertEquals(1, series.size(), monitor.id() + " " + tier);
                assertEquals(1, series.getFirst().checks(), monitor.id() + " " + tier + ": counted once");
            }
        }
    }

    @Test
    void statusServiceReadsUptimeWindowsAndDailyBarsFromRollups() {
        Instant now = T0.plusSeconds(3 * 3600);
        InMemoryRollupStore store = new InMemoryRollupStore();
        StatusService status = new StatusService(Clock.fixed(now, ZoneOffset.UTC), new dev.upwatch.core.memory.InMemorySampleStore(), store);
        status.track(List.of(API));
        status.checked(API, sample(T0, 10, Outcome.SUCCESS));
        status.checked(API, sample(T0.plusSeconds(30), 10, Outcome.FAILURE));
        status.checked(API, sample(T0.plusSeconds(60), 10, Outcome.SUCCESS));
        status.checked(API, sample(T0.plusSeconds(90), 10, Outcome.SUCCESS));
        // A failed check stored long ago, outside the 24h window but inside 7d: in the hour and day tiers.
        for (RollupTier tier : List.of(RollupTier.HOUR, RollupTier.DAY)) {
            store.add(List.of(new Rollup(API.id(), tier, tier.floor(Instant.parse("2026-03-12T10:00:00Z")), 1, 1, 0, 0,
                    0, 0, 10, 10, 10, new java.util.TreeMap<>(Map.of(50, 1L)))));
        }

        status.refreshHistory();

        var service = status.service(API.id()).orElseThrow();
        assertEquals(75.0, service.uptime(UptimeWindow.H24).orElseThrow(), 1e-9);
        assertEquals(60.0, service.uptime(UptimeWindow.D7).orElseThrow(), 1e-9,
                "the day tier covers the older part: " + UptimeCalculator.ranges(UptimeWindow.D7, now));
        assertEquals(List.of(new DailyCounts(LocalDate.parse("2026-03-12"), new CheckCounts(0, 1, 0)),
                new DailyCounts(LocalDate.parse("2026-03-14"), new CheckCounts(1, 1, 0)),
                new DailyCounts(LocalDate.parse("2026-03-15"), new CheckCounts(2, 0, 0))), service.dailyCounts());
    }
}
