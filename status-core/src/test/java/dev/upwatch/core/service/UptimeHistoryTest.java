package dev.upwatch.core.service;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.UptimeCalculator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StatusService#refreshHistory} answers from its in-memory {@link UptimeHistory} exactly what the
 * {@link dev.upwatch.core.port.RollupStore} sums over {@link UptimeCalculator#ranges} without a cache.
 */
class UptimeHistoryTest {
    private static final Instant START = Instant.parse("2026-03-14T22:50:00Z");
    private static final List<Monitor> MONITORS = List.of(monitor("api"), monitor("web"), monitor("db"));

    private final MovableClock clock = new MovableClock(START);
    private final InMemoryRollupStore rollups = new InMemoryRollupStore();
    private final InMemorySampleStore samples = new InMemorySampleStore();
    private final Random random = new Random(11);

    private static Monitor monitor(String id) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("test", ProbeSettings.empty()))
                .interval(Duration.ofMinutes(1)).failureThreshold(1).build();
    }

    @Test
    void cachedWindowsAndBarsEqualTheStoreAcrossMidnightWithLateWritesAndAfterARestart() {
        writeHistoryBefore(START);
        clock.set(START);
        StatusService status = new StatusService(clock, samples, rollups);
        status.track(MONITORS);
        status.refreshHistory();
        assertSameAsStore(status);

        Sample lateOfYesterday = null;
        // Minute by minute from 22:50 to 01:30: the 24h window's start crosses hours and midnight, the day rolls over.
        for (int minute = 1; minute <= 160; minute++) {
            clock.set(START.plus(Duration.ofMinutes(minute)));
            for (Monitor monitor : MONITORS) {
                Instant at = clock.instant().minusSeconds(random.nextInt(50) + 1);
                if (minute == 70 && monitor.id().value().equals("api")) {
                    // Started at 23:59:55 and still running at the first refresh of the new day: recorded later.
                    lateOfYesterday = sample(monitor, Instant.parse("2026-03-14T23:59:55Z"), Outcome.FAILURE);
                    continue;
                }
                status.checked(monitor, sample(monitor, at, randomOutcome()));
            }
            if (minute == 72) {
                status.checked(MONITORS.getFirst(), lateOfYesterday);
            }
            if (minute == 100) {
                // Very late: a check of two days ago, and one of the 24h window's first hour.
                status.checked(MONITORS.get(1), sample(MONITORS.get(1), Instant.parse("2026-03-13T12:00:00Z"),
                        Outcome.FAILURE));
                status.checked(MONITORS.get(2), sample(MONITORS.get(2), clock.instant().minus(Duration.ofHours(23)),
                        Outcome.FAILURE));
            }
            if (minute % 7 == 0) {
                status.flushRollups(); // the engine's own flush between refreshes
            }
            status.refreshHistory();
            assertSameAsStore(status);
        }
        assertTrue(rollups.dailyCounts(LocalDate.parse("2026-03-14"), LocalDate.parse("2026-03-14"))
                .get(MonitorId.of("api")).getFirst().counts().failures() > 0);

        StatusService restarted = new StatusService(clock, samples, rollups);
        restarted.track(MONITORS);
        restarted.refreshHistory();
        assertSameAsStore(restarted);
        for (Monitor monitor : MONITORS) {
            assertEquals(status.service(monitor.id()).orElseThrow().windowCounts(),
                    restarted.service(monitor.id()).orElseThrow().windowCounts());
        }
    }

    @Test
    void aFailedReadEmptiesTheCacheAndTheNextRefreshLoadsItAgain() {
        writeHistoryBefore(START);
        clock.set(START);
        boolean[] down = {false};
        RollupStore failing = new RollupStore() {
            @Override
            public void add(List<Rollup> batch) {
                rollups.add(batch);
            }

            @Override
            public List<Rollup> series(MonitorId id, RollupTier tier, Instant from, Instant to) {
                return rollups.series(id, tier, from, to);
            }

            @Override
            public Map<MonitorId, CheckCounts> counts(List<RollupRange> ranges) {
                if (down[0]) {
                    throw new IllegalStateException("database down");
                }
                return rollups.counts(ranges);
            }

            @Override
            public Map<MonitorId, List<DailyCounts>> dailyCounts(LocalDate firstDay, LocalDate lastDay) {
                return rollups.dailyCounts(firstDay, lastDay);
            }

            @Override
            public long deleteBefore(RollupTier tier, Instant before) {
                return rollups.deleteBefore(tier, before);
            }
        };
        StatusService status = new StatusService(clock, samples, failing);
        status.track(MONITORS);
        status.refreshHistory();
        clock.set(START.plus(Duration.ofMinutes(3)));
        status.checked(MONITORS.getFirst(), sample(MONITORS.getFirst(), clock.instant().minusSeconds(5), Outcome.FAILURE));
        down[0] = true;
        assertThrows(IllegalStateException.class, status::refreshHistory);
        down[0] = false;
        clock.set(START.plus(Duration.ofMinutes(4)));
        status.refreshHistory();
        assertSameAsStore(status);
    }

    /** A year and a half of sparse checks, then a check a minute for the last 26 hours, written and flushed. */
    private void writeHistoryBefore(Instant end) {
        StatusService writer = new StatusService(clock, samples, rollups);
        writer.track(MONITORS);
        for (Instant at = end.minus(Duration.ofDays(400)); at.isBefore(end); ) {
            for (Monitor monitor : MONITORS) {
                writer.checked(monitor, sample(monitor, at, randomOutcome()));
            }
            at = at.plus(at.isBefore(end.minus(Duration.ofHours(26))) ? Duration.ofHours(5) : Duration.ofMinutes(1));
        }
        writer.flushRollups();
    }

    private Outcome randomOutcome() {
        int roll = random.nextInt(10);
        return roll < 7 ? Outcome.SUCCESS : roll < 9 ? Outcome.FAILURE : Outcome.ERROR;
    }

    private static Sample sample(Monitor monitor, Instant at, Outcome outcome) {
        return new Sample(monitor.id(), at, Duration.ofMillis(20), outcome, Optional.empty(), List.of());
    }

    /** The uncached answer: the store summing every window's ranges and the bars' day rows. */
    private void assertSameAsStore(StatusService status) {
        Instant now = clock.instant();
        List<Map<MonitorId, CheckCounts>> windows = rollups.countsPerWindow(Arrays.stream(UptimeWindow.values())
                .map(window -> UptimeCalculator.ranges(window, now)).toList());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<MonitorId, List<DailyCounts>> bars = rollups.dailyCounts(today.minusDays(StatusService.BAR_DAYS - 1L),
                today);
        for (Monitor monitor : MONITORS) {
            ServiceStatus service = status.service(monitor.id()).orElseThrow();
            for (UptimeWindow window : UptimeWindow.values()) {
                assertEquals(windows.get(window.ordinal()).getOrDefault(monitor.id(), CheckCounts.NONE),
                        service.windowCounts().get(window), monitor.id().value() + " " + window.label() + " at " + now);
            }
            assertEquals(bars.getOrDefault(monitor.id(), List.of()), service.dailyCounts(),
                    monitor.id().value() + " bars at " + now);
        }
    }
}
