package dev.upwatch.core.rule;

import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.SeriesBucket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a monitor's checks into equal time buckets with counts and response-time percentiles: the one definition
 * behind the page's charts and the API's series. Errors on our side count nowhere, as in uptime.
 */
public final class ResponseTimeSeries {
    /** The most buckets one series may have, so a tiny resolution cannot make a huge answer. */
    public static final int MAX_BUCKETS = 2_000;

    private ResponseTimeSeries() {
    }

    /**
     * Buckets {@code [from + k × resolution, from + (k+1) × resolution)} covering {@code [from, to)}; the last one
     * may reach past {@code to}. Samples outside {@code [from, to)} are ignored.
     */
    public static List<SeriesBucket> of(List<Sample> samples, Instant from, Instant to, Duration resolution) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
        }
        if (resolution.isNegative() || resolution.isZero()) {
            throw new IllegalArgumentException("resolution must be positive: " + resolution);
        }
        long span = Duration.between(from, to).toNanos();
        long step = resolution.toNanos();
        long count = (span + step - 1) / step;
        if (count > MAX_BUCKETS) {
            throw new IllegalArgumentException("resolution " + resolution + " makes " + count + " buckets; at most "
                    + MAX_BUCKETS);
        }
        List<List<Duration>> times = new ArrayList<>();
        long[] failures = new long[(int) count];
        for (int i = 0; i < count; i++) {
            times.add(new ArrayList<>());
        }
        for (Sample sample : samples) {
            if (!sample.outcome().observedService() || sample.startedAt().isBefore(from) || !sample.startedAt().isBefore(to)) {
                continue;
            }
            int index = (int) (Duration.between(from, sample.startedAt()).toNanos() / step);
            times.get(index).add(sample.responseTime());
            if (sample.outcome() == Outcome.FAILURE) {
                failures[index]++;
            }
        }
        List<SeriesBucket> buckets = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            Instant start = from.plusNanos(i * step);
            buckets.add(new SeriesBucket(start, start.plusNanos(step), times.get(i).size(), failures[i],
                    ResponseTimes.of(times.get(i))));
        }
        return buckets;
    }

    /** All of {@code samples} in one distribution (errors left out); empty without decisive checks. */
    public static java.util.Optional<ResponseTimes> overall(List<Sample> samples) {
        return ResponseTimes.of(samples.stream().filter(s -> s.outcome().observedService()).map(Sample::responseTime).toList());
    }
}
