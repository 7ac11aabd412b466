package dev.upwatch.core.model;


import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The fixed bucket layout of response-time histograms in rollups: the same in every store and every version, so
 * histograms of different buckets and tiers add up index by index.
 *
 * <p>Bucket 0 holds times below {@value #FIRST_BOUND_MICROS} µs. Bucket {@code i} (1 ≤ i &lt; {@link #COUNT} − 1)
 * holds {@code [100 µs × 1.1^(i−1), 100 µs × 1.1^i)}; the last bucket holds everything from about 63 s up. A
 * percentile is reported as the geometric middle of its bucket, so inside the log-spaced range it is within
 * √1.1 − 1 ≈ 4.9 % of the true value; below 100 µs it is at most 50 µs off; above the last bound it is the bound.
 */
public final class LatencyBuckets {
    /** Upper bound of bucket 0, in microseconds. */
    public static final long FIRST_BOUND_MICROS = 100;
    /** Growth factor from one bucket bound to the next. */
    public static final double GROWTH = 1.1;
    /** Number of buckets, the open-ended last one included. */
    public static final int COUNT = 142;

    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** Lower bound of each bucket in microseconds, exact (not rounded); {@code LOWER[COUNT]} is unused. */
    private static final double[] LOWER = new double[COUNT + 1];

    static {
        LOWER[0] = 0;
        for (int i = 1; i <= COUNT; i++) {
            LOWER[i] = FIRST_BOUND_MICROS * Math.pow(GROWTH, i - 1);
        }
    }

    private LatencyBuckets() {
    }

    /** The bucket a response time of {@code micros} microseconds falls in. */
    public static int index(long micros) {
        if (micros < FIRST_BOUND_MICROS) {
            return 0;
        }
        int guess = 1 + (int) Math.floor(Math.log((double) micros / FIRST_BOUND_MICROS) / LOG_GROWTH);
        int i = Math.min(Math.max(guess, 1), COUNT - 1);
        // The logarithm may be off by one at a bound; settle on the bounds as stored.
        while (i > 1 && micros < LOWER[i]) {
            i--;
        }
        while (i < COUNT - 1 && micros >= LOWER[i + 1]) {
            i++;
        }
        return i;
    }

    /** The smallest whole number of microseconds in bucket {@code index}. */
    public static long lowerMicros(int index) {
        check(index);
        return (long) Math.ceil(LOWER[index]);
    }

    /** The value reported for bucket {@code index}: the geometric middle of its bounds (50 µs for bucket 0). */
    public static Duration representative(int index) {
        check(index);
        if (index == 0) {
            return Duration.ofNanos(FIRST_BOUND_MICROS * 500);
        }
        if (index == COUNT - 1) {
            return Duration.ofNanos(Math.round(LOWER[index] * 1_000));
        }
        return Duration.ofNanos(Math.round(Math.sqrt(LOWER[index] * LOWER[index + 1]) * 1_000));
    }

    /**
     * The distribution of a histogram in this layout: min and max exact, percentiles by nearest rank reported as
     * their bucket's {@link #representative} kept within min and max; empty for an empty histogram.
     *
     * @param histogram  times per bucket index
     * @param minMicros  the exact fastest time, in µs
     * @param maxMicros  the exact slowest time, in µs
     */
    public static Optional<ResponseTimes> responseTimes(SortedMap<Integer, Long> histogram, long minMicros,
                                                        long maxMicros) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Optional.empty();
        }
        return Optional.of(new ResponseTimes(Duration.ofNanos(minMicros * 1_000),
                percentile(histogram, total, 50, minMicros, maxMicros), percentile(histogram, total, 95, minMicros, maxMicros),
                percentile(histogram, total, 99, minMicros, maxMicros), Duration.ofNanos(maxMicros * 1_000)));
    }

    /** The time at {@code percent} (0–100] by nearest rank over {@code total} times, as {@link #responseTimes}. */
    public static Duration percentile(SortedMap<Integer, Long> histogram, long total, double percent, long minMicros,
                                      long maxMicros) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                long nanos = representative(bucket.getKey()).toNanos();
                return Duration.ofNanos(Math.max(minMicros * 1_000, Math.min(maxMicros * 1_000, nanos)));
            }
        }
        throw new IllegalArgumentException("the histogram holds fewer than " + total + " times");
    }

    private static void check(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("bucket index must be 0.." + (COUNT - 1) + ": " + index);
        }
    }
}
