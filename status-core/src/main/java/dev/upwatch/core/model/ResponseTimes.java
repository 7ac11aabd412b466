package dev.upwatch.core.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Response-time distribution of a set of checks: nearest-rank percentiles (the value at rank ⌈p × n⌉ of the
 * sorted times), so every figure is a time some check really took.
 *
 * @param min fastest
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max slowest
 */
public record ResponseTimes(Duration min, Duration p50, Duration p95, Duration p99, Duration max) {
    public ResponseTimes {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p95, "p95");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(max, "max");
    }

    /** The distribution of {@code times}; empty for no times. */
    public static Optional<ResponseTimes> of(List<Duration> times) {
        if (times.isEmpty()) {
            return Optional.empty();
        }
        long[] nanos = times.stream().mapToLong(Duration::toNanos).toArray();
        Arrays.sort(nanos);
        return Optional.of(new ResponseTimes(Duration.ofNanos(nanos[0]), rank(nanos, 50), rank(nanos, 95),
                rank(nanos, 99), Duration.ofNanos(nanos[nanos.length - 1])));
    }

    private static Duration rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(rank, 1) - 1]);
    }
}
