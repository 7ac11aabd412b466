package dev.upwatch.core.model;


import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@link Rollup}s of one monitor over some period added up: what a report reads. The counts mean what they mean
 * in a rollup (docs/storage.md); only the bucket is gone.
 *
 * @param monitorId         the monitor
 * @param checks            every check in the period
 * @param failures          failed checks outside maintenance
 * @param errors            checks that could not run on our side, outside maintenance
 * @param maintenance       checks that found the monitor in a maintenance window
 * @param degraded          successful checks that left the monitor DEGRADED
 * @param downMillis        milliseconds of the period during which the monitor's status was DOWN
 * @param responseMinMicros fastest response time of the timed checks, in µs (0 without any)
 * @param responseMaxMicros slowest response time of the timed checks, in µs (0 without any)
 * @param responseSumMicros sum of the timed checks' response times, in µs
 * @param histogram         timed checks per {@link LatencyBuckets} index; zero counts absent
 */
public record RollupTotal(MonitorId monitorId, long checks, long failures, long errors, long maintenance,
                          long degraded, long downMillis, long responseMinMicros, long responseMaxMicros,
                          long responseSumMicros, SortedMap<Integer, Long> histogram) {
    public RollupTotal {
        Objects.requireNonNull(monitorId, "monitorId");
        if (checks < 0 || failures < 0 || errors < 0 || maintenance < 0 || degraded < 0 || downMillis < 0
                || responseMinMicros < 0 || responseMaxMicros < 0 || responseSumMicros < 0) {
            throw new IllegalArgumentException("totals must not be negative");
        }
        if (failures + errors + maintenance > checks || degraded > checks - failures - errors - maintenance) {
            throw new IllegalArgumentException("totals exceed their checks: " + checks + " checks, " + failures
                    + " failures, " + errors + " errors, " + maintenance + " in maintenance, " + degraded + " degraded");
        }
        TreeMap<Integer, Long> copy = new TreeMap<>();
        histogram.forEach((index, count) -> {
            LatencyBuckets.lowerMicros(index); // validates the index
            if (count < 0) {
                throw new IllegalArgumentException("histogram counts must not be negative");
            }
            if (count > 0) {
                copy.put(index, count);
            }
        });
        histogram = Collections.unmodifiableSortedMap(copy);
    }

    /** No checks at all. */
    public static RollupTotal empty(MonitorId monitorId) {
        return new RollupTotal(monitorId, 0, 0, 0, 0, 0, 0, 0, 0, 0, new TreeMap<>());
    }

    /** These totals with one more rollup of the same monitor. */
    public RollupTotal plus(Rollup rollup) {
        if (!rollup.monitorId().equals(monitorId)) {
            throw new IllegalArgumentException("rollup of " + rollup.monitorId() + " added to the totals of " + monitorId);
        }
        TreeMap<Integer, Long> sum = new TreeMap<>(histogram);
        rollup.histogram().forEach((index, count) -> sum.merge(index, count, Long::sum));
        long timed = timed();
        long otherTimed = rollup.checks() - rollup.errors();
        long min = timed == 0 ? rollup.responseMinMicros()
                : otherTimed == 0 ? responseMinMicros : Math.min(responseMinMicros, rollup.responseMinMicros());
        return new RollupTotal(monitorId, checks + rollup.checks(), failures + rollup.failures(),
                errors + rollup.errors(), maintenance + rollup.maintenance(), degraded + rollup.degraded(),
                downMillis + rollup.downMillis(), min, Math.max(responseMaxMicros, rollup.responseMaxMicros()),
                responseSumMicros + rollup.responseSumMicros(), sum);
    }

    /** Checks that succeeded (degraded ones included), outside maintenance. */
    public long successes() {
        return checks - failures - errors - maintenance;
    }

    /** Checks with a response time: all but the errors. */
    public long timed() {
        return checks - errors;
    }

    /** The counts uptime is computed from: maintenance checks are left out entirely. */
    public CheckCounts counts() {
        return new CheckCounts(successes(), failures, errors);
    }

    /** How long the monitor was DOWN. */
    public Duration down() {
        return Duration.ofMillis(downMillis);
    }

    /** Mean response time of the timed checks; empty without any. */
    public Optional<Duration> responseMean() {
        long timed = timed();
        return timed == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(responseSumMicros * 1_000 / timed));
    }

    /** The response-time distribution from the histogram (as {@link Rollup#responseTimes}); empty without timed checks. */
    public Optional<ResponseTimes> responseTimes() {
        return LatencyBuckets.responseTimes(histogram, responseMinMicros, responseMaxMicros);
    }

    /** Copies the histogram for callers that merge into it. */
    public Map<Integer, Long> histogramCopy() {
        return new TreeMap<>(histogram);
    }
}
