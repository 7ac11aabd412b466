package dev.upwatch.core.rule;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.SeriesBucket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResponseTimeSeriesTest {
    private static final MonitorId ID = MonitorId.of("api");
    private static final Instant T0 = Instant.parse("2026-03-14T12:00:00Z");

    private static Sample sample(Instant at, long millis, Outcome outcome) {
        return new Sample(ID, at, Duration.ofMillis(millis), outcome, Optional.empty(), List.of());
    }

    @ParameterizedTest(name = "{0} times 1..n ms: p50={1} p95={2} p99={3}")
    @CsvSource({
            "1, 1, 1, 1",
            "2, 1, 2, 2",
            "10, 5, 10, 10",
            "100, 50, 95, 99",
            "1000, 500, 950, 990",
    })
    void percentilesAreNearestRank(int n, long p50, long p95, long p99) {
        List<Duration> times = IntStream.rangeClosed(1, n).mapToObj(Duration::ofMillis).toList().reversed();
        ResponseTimes result = ResponseTimes.of(times).orElseThrow();
        assertEquals(Duration.ofMillis(1), result.min());
        assertEquals(Duration.ofMillis(n), result.max());
        assertEquals(Duration.ofMillis(p50), result.p50());
        assertEquals(Duration.ofMillis(p95), result.p95());
        assertEquals(Duration.ofMillis(p99), result.p99());
    }

    @Test
    void noTimesNoDistribution() {
        assertEquals(Optional.empty(), ResponseTimes.of(List.of()));
    }

    @Test
    void bucketsAreHalfOpenCountFailuresAndLeaveOutErrors() {
        List<Sample> samples = List.of(
                sample(T0.minusMillis(1), 999, Outcome.SUCCESS),
                sample(T0, 10, Outcome.SUCCESS),
                sample(T0.plusSeconds(59), 30, Outcome.FAILURE),
                sample(T0.plusSeconds(30), 500, Outcome.ERROR),
                sample(T0.plusSeconds(60), 20, Outcome.SUCCESS),
                sample(T0.plusSeconds(180), 999, Outcome.SUCCESS));

        List<SeriesBucket> buckets = ResponseTimeSeries.of(samples, T0, T0.plusSeconds(180), Duration.ofMinutes(1));

        assertEquals(3, buckets.size());
        assertEquals(List.of(2L, 1L, 0L), buckets.stream().map(SeriesBucket::checks).toList());
        assertEquals(List.of(1L, 0L, 0L), buckets.stream().map(SeriesBucket::failures).toList());
        assertEquals(Duration.ofMillis(30), buckets.get(0).responseTimes().orElseThrow().max());
        assertEquals(Duration.ofMillis(20), buckets.get(1).responseTimes().orElseThrow().p50());
        assertEquals(Optional.empty(), buckets.get(2).responseTimes());
        assertEquals(T0.plusSeconds(120), buckets.get(2).start());
    }

    @Test
    void refusesEmptyRangesAndTooManyBuckets() {
        assertThrows(IllegalArgumentException.class, () -> ResponseTimeSeries.of(List.of(), T0, T0, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ResponseTimeSeries.of(List.of(), T0, T0.plusSeconds(60), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> ResponseTimeSeries.of(List.of(), T0, T0.plus(Duration.ofDays(30)), Duration.ofSeconds(1)));
    }
}
