package dev.upwatch.web.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sliding window of failed attempts, on a clock the test moves. */
class FailureThrottleTest {
    private Instant now = Instant.parse("2026-03-14T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final FailureThrottle throttle = new FailureThrottle(clock);

    @Test
    void twentyFailuresAMinuteAreAllowedAndTheTwentyFirstWaitsForTheOldestToExpire() {
        for (int i = 0; i < 20; i++) {
            assertEquals(Optional.empty(), throttle.retryAfter("a"), "before failure " + (i + 1));
            throttle.recordFailure("a");
            now = now.plusSeconds(1);
        }
        // 20 failures at 12:00:00 … 12:00:19; it is 12:00:20.
        assertEquals(Optional.of(Duration.ofSeconds(40)), throttle.retryAfter("a"));
        assertEquals(Optional.empty(), throttle.retryAfter("b"), "per client");
        now = Instant.parse("2026-03-14T12:01:00Z");
        assertEquals(Optional.empty(), throttle.retryAfter("a"), "the first failure left the window");
        throttle.recordFailure("a");
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.retryAfter("a"), "full again until 12:01:01");
        now = now.plus(Duration.ofMinutes(2));
        assertEquals(Optional.empty(), throttle.retryAfter("a"));
    }
}
