package dev.upwatch.core.rule;

import dev.upwatch.core.model.LatencyBuckets;

import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.SeriesBucket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Cuts rollups into equal buckets of a whole number of minutes with counts and percentiles from the merged
 * histograms: the API's series. Counts follow {@link ResponseTimeSeries}: errors on our side count nowhere.
 */
public final class RollupSeries {
    private RollupSeries() {
    }

    /** The coarsest tier whose buckets tile {@code [from, from + step)}: {@code from} aligned and {@code step} a multiple. */
    public static RollupTier tierFor(Instant from, Duration step) {
        for (RollupTier tier : List.of(RollupTier.DAY, RollupTier.HOUR)) {
            if (tier.isAligned(from) && step.toNanos() % tier.length().toNanos() == 0) {
                return tier;
            }
        }
        return RollupTier.MINUTE;
    }

    /**
     * Buckets {@code [from + k × step, from + (k+1) × step)} covering {@code [from, to)}, from rollups of one tier;
     * {@code from} must be a whole minute and {@code step} a positive whole number of minutes.
     */
    public static List<SeriesBucket> of(List<Rollup> rollups, Instant from, Instant to, Duration step) {
        if (!RollupTier.MINUTE.isAligned(from) || step.isNegative() || step.isZero()
                || step.toNanos() % RollupTier.MINUTE.length().toNanos() != 0) {
            throw new IllegalArgumentException("need a whole-minute start and step: " + from + ", " + step);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
        }
        long stepNanos = step.toNanos();
        int count = (int) ((Duration.between(from, to).toNanos() + stepNanos - 1) / stepNanos);
        if (count > ResponseTimeSeries.MAX_BUCKETS) {
            throw new IllegalArgumentException("step " + step + " makes " + count + " buckets; at most "
                    + ResponseTimeSeries.MAX_BUCKETS);
        }
        long[] timed = new long[count];
        long[] failures = new long[count];
        long[] min = new long[count];
        long[] max = new long[count];
        List<TreeMap<Integer, Long>> histograms = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            histograms.add(new TreeMap<>());
            min[i] = Long.MAX_VALUE;
        }
        for (Rollup rollup : rollups) {
            if (rollup.start().isBefore(from) || !rollup.start().isBefore(to)) {
                continue;
            }
            int i = (int) (Duration.between(from, rollup.start()).toNanos() / stepNanos);
            long rollupTimed = rollup.checks() - rollup.errors();
            timed[i] += rollupTimed;
            failures[i] += rollup.failures();
            if (rollupTimed > 0) {
                min[i] = Math.min(min[i], rollup.responseMinMicros());
                max[i] = Math.max(max[i], rollup.responseMaxMicros());
            }
            TreeMap<Integer, Long> histogram = histograms.get(i);
            rollup.histogram().forEach((index, n) -> histogram.merge(index, n, Long::sum));
        }
        List<SeriesBucket> buckets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant start = from.plusNanos(i * stepNanos);
            buckets.add(new SeriesBucket(start, start.plusNanos(stepNanos), timed[i], failures[i],
                    LatencyBuckets.responseTimes(histograms.get(i), min[i], max[i])));
        }
        return buckets;
    }
}
