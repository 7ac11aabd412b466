package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks of one monitor in one time bucket {@code [start, end)}.
 *
 * @param start         first instant in the bucket
 * @param end           first instant after it
 * @param checks        decisive checks (successes and failures; errors on our side are left out)
 * @param failures      failed checks among them
 * @param responseTimes distribution of the decisive checks' response times; empty without checks
 */
public record SeriesBucket(Instant start, Instant end, long checks, long failures, Optional<ResponseTimes> responseTimes) {
    public SeriesBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(responseTimes, "responseTimes");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a bucket must end after it starts: " + start + " .. " + end);
        }
        if (checks < 0 || failures < 0 || failures > checks) {
            throw new IllegalArgumentException("need 0 <= failures <= checks, got " + failures + " of " + checks);
        }
    }
}
