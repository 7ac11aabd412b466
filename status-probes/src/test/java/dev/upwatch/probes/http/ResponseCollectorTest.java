package dev.upwatch.probes.http;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.service.CheckDeadlines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wait for a response ends at the check's deadline by the deadlines' timer, not by a timed wait of its own: with
 * the timer's clock standing still, the wait goes on however long it takes; moving the clock past the deadline ends it.
 */
class ResponseCollectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void theWaitEndsWithATimeoutWhenTheDeadlineTimerReachesTheDeadline() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-07T00:00:00Z"));
        try (CheckDeadlines deadlines = new CheckDeadlines(clock)) {
            ResponseCollector collector = new ResponseCollector(false, 1024, 1024, 10);
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    collector.await(System.nanoTime() + TIMEOUT.toNanos(), deadlines);
                    ended.complete(null);
                } catch (Throwable thrown) {
                    ended.complete(thrown);
                }
            });
            awaitArmed(clock);

            // The deadline is armed a few microseconds short of TIMEOUT (the time from computing it to arming it).
            clock.advance(TIMEOUT.minusSeconds(1));
            assertFalse(ended.isDone(), "the deadline has not passed on the timer's clock");

            clock.advance(Duration.ofSeconds(1));
            assertInstanceOf(TimeoutException.class, ended.get(10, TimeUnit.SECONDS));
        }
    }

    /** Waits, with a deadline, until the waiting thread has armed its deadline (the timer then plans a wake-up). */
    private static void awaitArmed(MovableClock clock) throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clock.plannedCount() == 0) {
            assertTrue(System.nanoTime() < giveUpAt, "the wait never armed its deadline");
            Thread.sleep(5);
        }
    }
}
