package dev.upwatch.core.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations with logarithmic buckets: four buckets per power of two of
 * microseconds, so a percentile read from it is at most 25 % above the true value (and exact below 8 µs).
 * Records from any thread; reads are a consistent-enough sum for monitoring.
 */
public final class LatencyHistogram {
    private static final int EXACT = 8;
    private static final int SUB = 4;
    private final AtomicLongArray counts = new AtomicLongArray(EXACT + 61 * SUB);

    /** Counts one duration, in nanoseconds (negative counts as zero). */
    public void record(long nanos) {
        counts.incrementAndGet(index(Math.max(0, nanos) / 1_000));
    }

    /** How many durations were recorded. */
    public long count() {
        return snapshot().count();
    }

    /**
     * The upper bound of the bucket holding the {@code quantile} (0–1) of recorded durations; zero when empty.
     */
    public Duration percentile(double quantile) {
        return snapshot().percentile(quantile);
    }

    /** The counts as they are now, to read percentiles from or to subtract an earlier snapshot from. */
    public Snapshot snapshot() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return new Snapshot(copy);
    }

    /** Frozen bucket counts of a {@link LatencyHistogram}. */
    public static final class Snapshot {
        private final long[] counts;

        private Snapshot(long[] counts) {
            this.counts = counts;
        }

        /** How many durations it holds. */
        public long count() {
            long total = 0;
            for (long count : counts) {
                total += count;
            }
            return total;
        }

        /** What was recorded between {@code earlier} and this snapshot (of the same histogram). */
        public Snapshot minus(Snapshot earlier) {
            long[] difference = new long[counts.length];
            for (int i = 0; i < counts.length; i++) {
                difference[i] = counts[i] - earlier.counts[i];
            }
            return new Snapshot(difference);
        }

        /** The upper bound of the bucket holding the {@code quantile} (0–1); zero when empty. */
        public Duration percentile(double quantile) {
            if (quantile < 0 || quantile > 1) {
                throw new IllegalArgumentException("quantile must be in [0, 1], got " + quantile);
            }
            long total = count();
            if (total == 0) {
                return Duration.ZERO;
            }
            long rank = Math.max(1, (long) Math.ceil(quantile * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Duration.ofNanos(upperBoundMicros(i) * 1_000);
                }
            }
            return Duration.ofNanos(upperBoundMicros(counts.length - 1) * 1_000);
        }
    }

    static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros); // >= 3
        int sub = (int) ((micros >> (exponent - 2)) & (SUB - 1));
        return EXACT + (exponent - 3) * SUB + sub;
    }

    static long upperBoundMicros(int index) {
        if (index < EXACT) {
            return index;
        }
        int exponent = (index - EXACT) / SUB + 3;
        int sub = (index - EXACT) % SUB;
        return ((long) (SUB + sub + 1) << (exponent - 2)) - 1;
    }
}
