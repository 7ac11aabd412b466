package dev.upwatch.core.model;


import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checks of one monitor in one bucket of one {@link RollupTier}. Rollups are additive: two rollups of the same
 * bucket {@link #plus add up} to the rollup of both sets of checks, which is how stores merge them. See
 * docs/storage.md for what each count means.
 *
 * @param monitorId       the monitor
 * @param tier            the bucket length
 * @param start           first instant of the bucket (aligned to the tier)
 * @param checks          every check that started in the bucket
 * @param failures        failed checks outside maintenance
 * @param errors          checks that could not run on our side
 * @param maintenance     checks (not errors) that left the monitor in MAINTENANCE; they count neither way
 * @param degraded        successful checks that left the monitor DEGRADED (they are successes)
 * @param downMillis      milliseconds of the bucket during which the monitor's status was DOWN
 * @param responseMinMicros fastest response time of the non-error checks, in µs (0 when there are none)
 * @param responseMaxMicros slowest response time of the non-error checks, in µs (0 when there are none)
 * @param responseSumMicros sum of the non-error checks' response times, in µs
 * @param histogram       non-error checks per {@link LatencyBuckets} index; zero counts absent
 */
public record Rollup(MonitorId monitorId, RollupTier tier, Instant start, long checks, long failures, long errors,
                     long maintenance, long degraded, long downMillis, long responseMinMicros, long responseMaxMicros,
                     long responseSumMicros, SortedMap<Integer, Long> histogram) {
    public Rollup {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(start, "start");
        if (!tier.isAligned(start)) {
            throw new IllegalArgumentException("start " + start + " is not the start of a " + tier.wireName() + " bucket");
        }
        if (checks < 0 || failures < 0 || errors < 0 || maintenance < 0 || degraded < 0 || downMillis < 0
                || responseMinMicros < 0 || responseMaxMicros < 0 || responseSumMicros < 0) {
            throw new IllegalArgumentException("rollup counts must not be negative");
        }
        if (failures + errors + maintenance > checks || degraded > checks - failures - errors - maintenance) {
            throw new IllegalArgumentException("rollup counts exceed its checks: " + checks + " checks, " + failures
                    + " failures, " + errors + " errors, " + maintenance + " in maintenance, " + degraded + " degraded");
        }
        if (downMillis > tier.length().toMillis()) {
            throw new IllegalArgumentException("down time " + downMillis + " ms exceeds the bucket");
        }
        TreeMap<Integer, Long> copy = new TreeMap<>();
        long counted = 0;
        for (Map.Entry<Integer, Long> bucket : histogram.entrySet()) {
            LatencyBuckets.lowerMicros(bucket.getKey()); // validates the index
            if (bucket.getValue() < 0) {
                throw new IllegalArgumentException("histogram counts must not be negative");
            }
            if (bucket.getValue() > 0) {
                copy.put(bucket.getKey(), bucket.getValue());
                counted += bucket.getValue();
            }
        }
        if (counted != checks - errors) {
            throw new IllegalArgumentException("the histogram holds " + counted + " times for " + (checks - errors)
                    + " non-error checks");
        }
        histogram = Collections.unmodifiableSortedMap(copy);
    }

    /** An empty rollup of one bucket. */
    public static Rollup empty(MonitorId monitorId, RollupTier tier, Instant start) {
        return new Rollup(monitorId, tier, start, 0, 0, 0, 0, 0, 0, 0, 0, 0, new TreeMap<>());
    }

    /** Checks that succeeded (degraded ones included), outside maintenance. */
    public long successes() {
        return checks - failures - errors - maintenance;
    }

    /** The counts uptime is computed from: maintenance checks are left out entirely. */
    public CheckCounts counts() {
        return new CheckCounts(successes(), failures, errors);
    }

    /** This rollup with {@code other}'s checks added; both must be of the same monitor, tier and bucket. */
    public Rollup plus(Rollup other) {
        return new Sum(this).add(other).rollup();
    }

    /**
     * A running sum of rollups of one bucket, added up in place: a recorder folding each check into the bucket's sum
     * copies the histogram once when it takes the rollup, not on every check as {@link #plus} would.
     * Not thread-safe.
     */
    public static final class Sum {
        private final MonitorId monitorId;
        private final RollupTier tier;
        private final Instant start;
        private final TreeMap<Integer, Long> histogram;
        private long checks;
        private long failures;
        private long errors;
        private long maintenance;
        private long degraded;
        private long downMillis;
        private long responseMinMicros;
        private long responseMaxMicros;
        private long responseSumMicros;

        /** A sum holding {@code first}'s checks. */
        public Sum(Rollup first) {
            this.monitorId = first.monitorId;
            this.tier = first.tier;
            this.start = first.start;
            this.histogram = new TreeMap<>(first.histogram);
            this.checks = first.checks;
            this.failures = first.failures;
            this.errors = first.errors;
            this.maintenance = first.maintenance;
            this.degraded = first.degraded;
            this.downMillis = first.downMillis;
            this.responseMinMicros = first.responseMinMicros;
            this.responseMaxMicros = first.responseMaxMicros;
            this.responseSumMicros = first.responseSumMicros;
        }

        /** Adds {@code other}'s checks; it must be of the same monitor, tier and bucket. */
        public Sum add(Rollup other) {
            if (!monitorId.equals(other.monitorId) || tier != other.tier || !start.equals(other.start)) {
                throw new IllegalArgumentException("can only add rollups of the same bucket");
            }
            other.histogram.forEach((index, count) -> histogram.merge(index, count, Long::sum));
            long timed = checks - errors;
            long otherTimed = other.checks - other.errors;
            responseMinMicros = timed == 0 ? other.responseMinMicros
                    : otherTimed == 0 ? responseMinMicros : Math.min(responseMinMicros, other.responseMinMicros);
            responseMaxMicros = Math.max(responseMaxMicros, other.responseMaxMicros);
            responseSumMicros += other.responseSumMicros;
            checks += other.checks;
            failures += other.failures;
            errors += other.errors;
            maintenance += other.maintenance;
            degraded += other.degraded;
            downMillis = Math.min(downMillis + other.downMillis, tier.length().toMillis());
            return this;
        }

        /** The rollup of every check added so far. */
        public Rollup rollup() {
            return new Rollup(monitorId, tier, start, checks, failures, errors, maintenance, degraded, downMillis,
                    responseMinMicros, responseMaxMicros, responseSumMicros, histogram);
        }
    }

    /** Mean response time of the non-error checks; empty without any. */
    public Optional<Duration> responseMean() {
        long timed = checks - errors;
        return timed == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(responseSumMicros * 1_000 / timed));
    }

    /**
     * The response time at {@code percent} (nearest rank over the histogram), reported as its bucket's middle and
     * kept within the exact minimum and maximum; empty without non-error checks.
     */
    public Optional<Duration> percentile(double percent) {
        long timed = checks - errors;
        return timed == 0 ? Optional.empty() : Optional.of(LatencyBuckets.percentile(histogram, timed, percent,
                responseMinMicros, responseMaxMicros));
    }

    /** The response-time distribution from the histogram (see {@link #percentile}); empty without non-error checks. */
    public Optional<ResponseTimes> responseTimes() {
        return LatencyBuckets.responseTimes(histogram, responseMinMicros, responseMaxMicros);
    }
}
