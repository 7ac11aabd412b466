package dev.upwatch.web.auth;

import dev.upwatch.core.MovableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The sliding window of attempts, counted from their start, on a clock the test moves. */
class FailureThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-14T12:00:00Z"));
    private final FailureThrottle throttle = new FailureThrottle(clock);

    private FailureThrottle.Attempt admitted(String client) {
        return assertInstanceOf(FailureThrottle.Admitted.class, throttle.admit(client)).attempt();
    }

    private Duration refused(String client) {
        return assertInstanceOf(FailureThrottle.Refused.class, throttle.admit(client)).retryAfter();
    }

    @Test
    void twentyFailuresAMinuteAreAllowedAndTheTwentyFirstWaitsForTheOldestToExpire() {
        for (int i = 0; i < 20; i++) {
            admitted("a").failed();
            clock.advance(Duration.ofSeconds(1));
        }
        // 20 failures at 12:00:00 … 12:00:19; it is 12:00:20.
        assertEquals(Duration.ofSeconds(40), refused("a"));
        admitted("b").failed(); // per client
        clock.set(Instant.parse("2026-03-14T12:01:00Z"));
        admitted("a").failed(); // the first failure left the window; this one fills it again
        assertEquals(Duration.ofSeconds(1), refused("a"), "full again until 12:01:01");
        clock.advance(Duration.ofMinutes(2));
        admitted("a").succeeded();
    }

    @Test
    void anAttemptCountsFromItsStartSoConcurrentGuessesCannotOvertakeTheCount() {
        List<FailureThrottle.Attempt> underWay = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            underWay.add(admitted("a"));
        }
        assertEquals(FailureThrottle.WAIT_FOR_UNFINISHED, refused("a"), "the 21st waits for the first 20 to be decided");
        underWay.removeFirst().succeeded();
        FailureThrottle.Attempt twentyFirst = admitted("a");
        assertEquals(FailureThrottle.WAIT_FOR_UNFINISHED, refused("a"));
        underWay.forEach(FailureThrottle.Attempt::failed);
        twentyFirst.failed();
        assertEquals(FailureThrottle.WINDOW, refused("a"), "20 failures now: refused for the whole window");
    }

    @Test
    void aSuccessOrAnUncheckedAttemptStopsCountingAndAnAttemptEndsOnce() {
        for (int i = 0; i < 100; i++) {
            admitted("a").succeeded();
            admitted("a").notChecked();
        }
        FailureThrottle.Attempt attempt = admitted("a");
        attempt.failed();
        attempt.failed();
        attempt.succeeded();
        for (int i = 0; i < 19; i++) {
            admitted("a").failed();
        }
        refused("a"); // 20 failures: the double end above counted once
    }
}
