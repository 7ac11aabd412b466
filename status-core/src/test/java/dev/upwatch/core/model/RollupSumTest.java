package dev.upwatch.core.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RollupSumTest {
    private static final MonitorId API = new MonitorId("api");
    private static final Instant HOUR = Instant.parse("2026-12-07T20:00:00Z");

    private static Rollup timed(long micros, boolean failure) {
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        histogram.put(LatencyBuckets.index(micros), 1L);
        return new Rollup(API, RollupTier.HOUR, HOUR, 1, failure ? 1 : 0, 0, 0, 0, 0, micros, micros, micros,
                histogram);
    }

    private static Rollup error() {
        return new Rollup(API, RollupTier.HOUR, HOUR, 1, 0, 1, 0, 0, 0, 0, 0, 0, new TreeMap<>());
    }

    private static Rollup down(long millis) {
        return new Rollup(API, RollupTier.HOUR, HOUR, 0, 0, 0, 0, 0, millis, 0, 0, 0, new TreeMap<>());
    }

    @Test
    void addsUpInPlaceToWhatPlusGives() {
        List<Rollup> checks = List.of(error(), timed(900, false), down(200_000), timed(120, true),
                timed(45_000, false), error(), down(300_000), timed(900, false));
        Rollup chained = checks.getFirst();
        Rollup.Sum sum = new Rollup.Sum(checks.getFirst());
        for (Rollup check : checks.subList(1, checks.size())) {
            chained = chained.plus(check);
            sum.add(check);
        }
        assertEquals(chained, sum.rollup());
        assertEquals(6, chained.checks(), "down time alone is no check");
        assertEquals(120, chained.responseMinMicros(), "the error checks' zero times are not the minimum");
        assertEquals(500_000, chained.downMillis());
    }

    @Test
    void aTakenRollupDoesNotChangeWhenTheSumGoesOn() {
        Rollup.Sum sum = new Rollup.Sum(timed(900, false));
        Rollup taken = sum.rollup();
        sum.add(timed(45_000, true));
        assertEquals(timed(900, false), taken);
        assertEquals(2, sum.rollup().checks());
    }

    @Test
    void downTimeStopsAtTheBucketsLength() {
        Rollup.Sum sum = new Rollup.Sum(down(3_000_000)).add(down(3_000_000));
        assertEquals(RollupTier.HOUR.length().toMillis(), sum.rollup().downMillis());
    }

    @Test
    void refusesAnotherBucket() {
        Rollup other = Rollup.empty(API, RollupTier.HOUR, HOUR.plusSeconds(3_600));
        assertThrows(IllegalArgumentException.class, () -> new Rollup.Sum(timed(900, false)).add(other));
    }
}
