package dev.upwatch.core.service;

import dev.upwatch.core.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckDeadlinesTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final CheckDeadlines deadlines = new CheckDeadlines(clock);

    @Test
    void aDeadlineThatPassesRunsItsActionOnceAndAtItsTime() {
        AtomicInteger expired = new AtomicInteger();
        CheckDeadlines.Armed armed = deadlines.arm(Duration.ofSeconds(10), expired::incrementAndGet);

        clock.advance(Duration.ofSeconds(10).minusMillis(1));
        assertEquals(0, expired.get(), "not before the deadline");
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, expired.get(), "at the deadline");
        assertFalse(armed.disarm(), "the check finishing later learns it was cut off");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, expired.get());
        assertEquals(0, deadlines.armedCount());
    }

    @Test
    void aCheckThatFinishesInTimeIsNeverCutOff() {
        AtomicInteger expired = new AtomicInteger();
        CheckDeadlines.Armed armed = deadlines.arm(Duration.ofSeconds(10), expired::incrementAndGet);
        clock.advance(Duration.ofSeconds(3));

        assertTrue(armed.disarm());
        assertEquals(0, deadlines.armedCount());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, expired.get());
    }

    @Test
    void checksArmedInAStreamPlanNoWakeUpOfTheirOwnAndTheTimerSleepsWhenTheyStop() {
        // 50 checks a second, each done in 2 ms, each with a 10 s timeout: the situation at 1,000 monitors every 20 s.
        AtomicInteger expired = new AtomicInteger();
        int planning = 0;
        for (int i = 0; i < 500; i++) {
            CheckDeadlines.Armed armed = deadlines.arm(Duration.ofSeconds(10), expired::incrementAndGet);
            clock.advance(Duration.ofMillis(2));
            assertTrue(armed.disarm());
            planning = Math.max(planning, clock.plannedCount());
            clock.advance(Duration.ofMillis(18));
        }
        assertEquals(1, planning, "one wake-up planned at a time, never one per check");
        assertEquals(0, expired.get());

        clock.advance(Duration.ofSeconds(2));
        assertEquals(0, clock.plannedCount(), "nothing armed, nothing planned: the timer sleeps");
        CheckDeadlines.Armed late = deadlines.arm(Duration.ofSeconds(5), expired::incrementAndGet);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, expired.get(), "a check armed after the quiet spell is still watched");
        assertFalse(late.disarm());
    }

    @Test
    void aShorterDeadlineArmedLaterStillExpiresAtItsTime() {
        AtomicInteger longExpired = new AtomicInteger();
        AtomicInteger shortExpired = new AtomicInteger();
        deadlines.arm(Duration.ofSeconds(30), longExpired::incrementAndGet);
        clock.advance(Duration.ofSeconds(1));
        deadlines.arm(Duration.ofMillis(200), shortExpired::incrementAndGet);

        clock.advance(Duration.ofMillis(200));
        assertEquals(1, shortExpired.get());
        assertEquals(0, longExpired.get());
        clock.advance(Duration.ofSeconds(29).minusMillis(200).minusMillis(1));
        assertEquals(0, longExpired.get(), "not before its deadline");
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, longExpired.get());
    }

    @Test
    void anActionThatThrowsDoesNotStopTheWatch() {
        AtomicInteger expired = new AtomicInteger();
        deadlines.arm(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("broken action");
        });
        deadlines.arm(Duration.ofSeconds(1), expired::incrementAndGet);
        deadlines.arm(Duration.ofSeconds(2), expired::incrementAndGet);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(2, expired.get());
    }
}
