package dev.upwatch.core.service;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's monotonic time and its planned ticks, injected so that tests advance time instead of sleeping (a
 * test that proves "nothing happened" then cannot pass by accident).
 */
public interface Ticker {

    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /**
     * Runs {@code task} once after {@code delayNanos} (at once when not positive).
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    Planned schedule(Runnable task, long delayNanos);

    /** Plans nothing more and drops what is planned. */
    void shutdown();

    /** A planned task. */
    @FunctionalInterface
    interface Planned {
        /** Drops it if it has not run; a run in progress completes. */
        void cancel();
    }

    /** The system's monotonic clock and one platform daemon thread named {@code threadName}; tasks run on time. */
    static Ticker system(String threadName) {
        return system(threadName, Duration.ZERO);
    }

    /**
     * The same, running each task at the end of the {@code grain}-long step of the monotonic clock its time falls in
     * (late by less than {@code grain}): tasks due within one step run in one wake-up of the thread, one after
     * another.
     */
    static Ticker system(String threadName, Duration grain) {
        Objects.requireNonNull(threadName, "threadName");
        long grainNanos = grain.toNanos();
        if (grainNanos < 0) {
            throw new IllegalArgumentException("grain must not be negative, got " + grain);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name(threadName).daemon(true).factory());
        // A cancelled task leaves the queue at once instead of waking the thread at its time to be discarded.
        executor.setRemoveOnCancelPolicy(true);
        return new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Planned schedule(Runnable task, long delayNanos) {
                long delay = grainNanos == 0 ? delayNanos : alignedDelay(System.nanoTime(), delayNanos, grainNanos);
                ScheduledFuture<?> future = executor.schedule(task, delay, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void shutdown() {
                executor.shutdownNow();
            }
        };
    }

    /**
     * The delay from {@code now} to the end of the {@code grain}-long step that {@code now + delay} falls in (its
     * start when it falls exactly on one); all in nanoseconds. A task already due stays due.
     */
    static long alignedDelay(long now, long delay, long grain) {
        if (delay <= 0) {
            return delay;
        }
        long due = now + delay;
        long aligned = due - Math.floorMod(due, grain);
        return (aligned == due ? aligned : aligned + grain) - now;
    }
}
