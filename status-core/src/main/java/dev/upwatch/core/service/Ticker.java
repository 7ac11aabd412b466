package dev.upwatch.core.service;

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

    /** The system's monotonic clock and one platform daemon thread named {@code threadName}. */
    static Ticker system(String threadName) {
        Objects.requireNonNull(threadName, "threadName");
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
                ScheduledFuture<?> future = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void shutdown() {
                executor.shutdownNow();
            }
        };
    }
}
