package dev.upwatch.notify;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the dispatcher's waits run (first-attempt delays, retries, send slots) and the monotonic time they are
 * measured on: real time in production; a test advances its own by hand, so that "nothing was sent" is proved by
 * running every wait to its end rather than by sleeping.
 */
interface DeliveryTimer extends AutoCloseable {

    /**
     * Runs {@code task} once {@code delay} has passed.
     *
     * @throws RejectedExecutionException once closed
     */
    void schedule(Runnable task, Duration delay);

    /** The monotonic time delays are measured on, in nanoseconds; only differences mean anything. */
    long nanoTime();

    /** Drops every waiting task and stops. */
    @Override
    void close();

    /** Real time: one daemon thread, {@code upwatch-notify-timer}, on {@link System#nanoTime()}. */
    static DeliveryTimer system() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("upwatch-notify-timer").daemon().factory());
        executor.setRemoveOnCancelPolicy(true);
        return new DeliveryTimer() {
            @Override
            public void schedule(Runnable task, Duration delay) {
                executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
