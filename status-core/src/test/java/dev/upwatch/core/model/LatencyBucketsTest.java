package dev.upwatch.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyBucketsTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "99, 0",
            "100, 1",
            "109, 1",
            "111, 2",
            "122, 3",
            "1000000, 97",
    })
    void boundsAreHundredMicrosecondsTimesPowersOfOnePointOne(long micros, int expected) {
        assertEquals(expected, LatencyBuckets.index(micros));
    }

    @Test
    void everyTimeLiesWithinItsBucketAndTheReportedValueIsWithinFivePercent() {
        for (long micros = 100; micros < 60_000_000; micros = micros * 101 / 100 + 1) {
            int index = LatencyBuckets.index(micros);
            assertTrue(LatencyBuckets.lowerMicros(index) <= micros, micros + " below bucket " + index);
            assertTrue(index == LatencyBuckets.COUNT - 1 || micros < LatencyBuckets.lowerMicros(index + 1),
                    micros + " above bucket " + index);
            double reported = LatencyBuckets.representative(index).toNanos() / 1_000.0;
            assertTrue(Math.abs(reported - micros) / micros <= 0.05, micros + " µs reported as " + reported);
        }
    }

    @Test
    void timesBeyondAMinuteShareTheLastBucket() {
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.index(120_000_000));
        assertEquals(LatencyBuckets.COUNT - 1, LatencyBuckets.index(Long.MAX_VALUE / 2));
    }
}
