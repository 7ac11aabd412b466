package dev.upwatch.core.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7, 8, 9, 15, 16, 999, 1_000, 123_456, 999_999, 1_000_000, 30_000_000, Long.MAX_VALUE / 1_000})
    void everyValueFallsInABucketWhoseBoundIsAtMostAQuarterAbove(long micros) {
        int index = LatencyHistogram.index(micros);
        long bound = LatencyHistogram.upperBoundMicros(index);
        assertTrue(bound >= micros, micros + " <= " + bound);
        assertTrue(bound <= Math.max(micros, 7) * 1.25 + 1, micros + " bound " + bound);
        if (index > 0) {
            assertTrue(LatencyHistogram.upperBoundMicros(index - 1) < micros, "the previous bucket ends below " + micros);
        }
    }

    @Test
    void percentilesAreCloseToTheExactOnes() {
        LatencyHistogram histogram = new LatencyHistogram();
        Random random = new Random(42);
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) (Math.abs(random.nextGaussian()) * 20_000_000); // ns, half-normal around 20 ms
            histogram.record(values[i]);
        }
        java.util.Arrays.sort(values);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long exact = values[(int) Math.ceil(q * values.length) - 1];
            long estimate = histogram.percentile(q).toNanos();
            assertTrue(estimate >= exact - 1_000 && estimate <= exact * 1.25 + 1_000, q + ": " + estimate + " vs " + exact);
        }
        assertEquals(100_000, histogram.count());
        assertEquals(Duration.ZERO, new LatencyHistogram().percentile(0.99));
    }
}
