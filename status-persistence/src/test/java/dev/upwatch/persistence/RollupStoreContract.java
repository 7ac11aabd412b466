package dev.upwatch.persistence;

import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.model.LatencyBuckets;
import dev.upwatch.core.rule.UptimeCalculator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RollupStore} on a real database must do; each subclass runs it against one database product,
 * with a fresh, empty, migrated database per test. The in-memory adapter of the core is the reference.
 */
abstract class RollupStoreContract extends FreshDatabaseTest {
    static final MonitorId API = MonitorId.of("api");
    static final MonitorId WEB = MonitorId.of("web");
    static final Instant NOW = Instant.parse("2026-03-14T12:34:56Z");

    protected RollupStore store;

    @BeforeEach
    void openStore() {
        store = database.rollupStore();
    }

    private static Rollup rollup(MonitorId id, RollupTier tier, Instant at, long checks, long failures, long errors,
                                 long maintenance, long degraded, long downMillis, long... micros) {
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        long min = micros.length == 0 ? 0 : Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (long us : micros) {
            histogram.merge(LatencyBuckets.index(us), 1L, Long::sum);
            min = Math.min(min, us);
            max = Math.max(max, us);
            sum += us;
        }
        return new Rollup(id, tier, tier.floor(at), checks, failures, errors, maintenance, degraded, downMillis, min, max,
                sum, histogram);
    }

    @Test
    void addingToABucketAddsCountsMergesTheHistogramAndKeepsMinAndMax() {
        Rollup first = rollup(API, RollupTier.MINUTE, NOW, 3, 1, 1, 0, 1, 10_000, 5_000, 90_000);
        Rollup onlyError = rollup(API, RollupTier.MINUTE, NOW, 1, 0, 1, 0, 0, 0);
        Rollup second = rollup(API, RollupTier.MINUTE, NOW, 2, 0, 0, 1, 0, 20_000, 1_000, 5_000);

        store.add(List.of(first));
        store.add(List.of(onlyError, second));

        Rollup stored = store.series(API, RollupTier.MINUTE, RollupTier.MINUTE.floor(NOW), NOW.plusSeconds(60)).getFirst();
        assertEquals(first.plus(onlyError).plus(second), stored);
        assertEquals(1_000, stored.responseMinMicros());
        assertEquals(90_000, stored.responseMaxMicros());
        assertEquals(30_000, stored.downMillis());
        assertEquals(Map.of(LatencyBuckets.index(1_000), 1L, LatencyBuckets.index(5_000), 2L,
                LatencyBuckets.index(90_000), 1L), stored.histogram());
    }

    @Test
    void aBatchMayHoldTheSameBucketTwice() {
        Rollup one = rollup(API, RollupTier.HOUR, NOW, 1, 0, 0, 0, 0, 0, 700);
        store.add(List.of(one, one, rollup(WEB, RollupTier.HOUR, NOW, 1, 1, 0, 0, 0, 0, 800)));

        assertEquals(List.of(one.plus(one)), store.series(API, RollupTier.HOUR, NOW.minusSeconds(7200), NOW.plusSeconds(7200)));
    }

    @Test
    void seriesReadsOneMonitorAndTierInOrderWithinTheHalfOpenRange() {
        List<Rollup> minutes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            minutes.add(rollup(API, RollupTier.MINUTE, NOW.plusSeconds(60L * i), 1, 0, 0, 0, 0, 0, 1_000 + i));
        }
        store.add(minutes.reversed());
        store.add(List.of(rollup(API, RollupTier.HOUR, NOW, 9, 0, 9, 0, 0, 0), rollup(WEB, RollupTier.MINUTE, NOW, 1, 1, 0, 0, 0, 0, 5)));

        Instant from = minutes.get(1).start();
        assertEquals(minutes.subList(1, 4), store.series(API, RollupTier.MINUTE, from, minutes.get(4).start()));
        assertEquals(List.of(), store.series(MonitorId.of("unknown"), RollupTier.MINUTE, from, NOW.plusSeconds(600)));
    }

    @Test
    void windowCountsDailyBarsAndSeriesMatchTheInMemoryStoreOnAYearOfRandomRollups() {
        InMemoryRollupStore reference = new InMemoryRollupStore();
        Random random = new Random(42);
        List<Rollup> all = new ArrayList<>();
        for (MonitorId id : List.of(API, WEB, MonitorId.of("db"))) {
            for (RollupTier tier : RollupTier.values()) {
                Instant start = tier.floor(NOW.minus(tier == RollupTier.MINUTE ? Duration.ofHours(30)
                        : tier == RollupTier.HOUR ? Duration.ofDays(35) : Duration.ofDays(400)));
                for (Instant at = start; at.isBefore(NOW); at = at.plus(tier.length())) {
                    if (random.nextInt(10) == 0) {
                        continue; // a gap without data
                    }
                    long errors = random.nextInt(2);
                    long failures = random.nextInt(3);
                    long maintenance = random.nextInt(2);
                    long checks = errors + failures + maintenance + random.nextInt(5);
                    long[] times = new long[(int) (checks - errors)];
                    for (int i = 0; i < times.length; i++) {
                        times[i] = 50 + random.nextInt(2_000_000);
                    }
                    all.add(rollup(id, tier, at, checks, failures, errors, maintenance, 0, random.nextInt(60_000),
                            times));
                }
            }
        }
        store.add(all);
        reference.add(all);

        List<List<RollupRange>> windows = new ArrayList<>();
        for (UptimeWindow window : UptimeWindow.values()) {
            windows.add(UptimeCalculator.ranges(window, NOW));
        }
        assertEquals(reference.countsPerWindow(windows), store.countsPerWindow(windows));
        assertEquals(reference.counts(windows.getFirst()), store.counts(windows.getFirst()));
        assertTrue(store.counts(windows.getLast()).get(API).decisive() > 1_000);
        LocalDate today = LocalDate.parse("2026-03-14");
        assertEquals(reference.dailyCounts(today.minusDays(89), today), store.dailyCounts(today.minusDays(89), today));
        assertEquals(reference.series(WEB, RollupTier.HOUR, NOW.minus(Duration.ofDays(2)), NOW),
                store.series(WEB, RollupTier.HOUR, NOW.minus(Duration.ofDays(2)), NOW));
    }

    @Test
    void dailyCountsLeaveOutMaintenanceAndDaysWithoutChecks() {
        store.add(List.of(
                rollup(API, RollupTier.DAY, Instant.parse("2026-03-12T00:00:00Z"), 10, 2, 1, 3, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                rollup(API, RollupTier.DAY, Instant.parse("2026-03-13T00:00:00Z"), 0, 0, 0, 0, 0, 5_000),
                rollup(API, RollupTier.HOUR, Instant.parse("2026-03-14T00:00:00Z"), 1, 1, 0, 0, 0, 0, 1)));

        assertEquals(Map.of(API, List.of(new DailyCounts(LocalDate.parse("2026-03-12"), new CheckCounts(4, 2, 1)))),
                store.dailyCounts(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-14")));
    }

    @Test
    void retentionDeletesOnlyOldBucketsOfTheTierWithTheirHistograms() {
        Instant old = NOW.minus(Duration.ofDays(3));
        store.add(List.of(rollup(API, RollupTier.MINUTE, old, 1, 0, 0, 0, 0, 0, 10),
                rollup(API, RollupTier.MINUTE, NOW, 1, 0, 0, 0, 0, 0, 20),
                rollup(API, RollupTier.HOUR, old, 1, 0, 0, 0, 0, 0, 10)));

        assertEquals(1, store.deleteBefore(RollupTier.MINUTE, NOW.minus(Duration.ofDays(2))));

        assertEquals(1, store.series(API, RollupTier.MINUTE, old.minus(Duration.ofDays(1)), NOW.plusSeconds(60)).size());
        assertEquals(1, store.series(API, RollupTier.HOUR, old.minus(Duration.ofDays(1)), NOW).size());
        store.add(List.of(rollup(API, RollupTier.MINUTE, old, 1, 0, 0, 0, 0, 0, 30)));
        assertEquals(Map.of(LatencyBuckets.index(30), 1L), store.series(API, RollupTier.MINUTE, RollupTier.MINUTE.floor(old),
                RollupTier.MINUTE.floor(old).plusSeconds(60)).getFirst().histogram(), "no histogram left behind");
    }
}
