package dev.upwatch.core.model;


import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a condition can read about one check.
 *
 * @param outcome      what the probe observed
 * @param responseTime the check's response time
 * @param now          the instant the check finished (for {@code [CERTIFICATE_EXPIRATION]})
 */
public record Observation(ProbeOutcome outcome, Duration responseTime, Instant now) {
    public Observation {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(now, "now");
    }
}
