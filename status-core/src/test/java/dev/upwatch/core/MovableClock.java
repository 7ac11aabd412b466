package dev.upwatch.core;

import dev.upwatch.core.service.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one test clock: a UTC wall clock and a monotonic {@link Ticker} that stand still until the test moves them.
 * {@link #advance} runs every task planned to fall due on the way, each at its time and in time order (tasks those
 * plan run too, if they fall due before the end), on the calling thread. For tests that prove what happens, and what
 * does not, as time passes.
 */
public final class MovableClock extends Clock implements Ticker {
    private final Instant start;
    private volatile Instant now;
    private final PriorityQueue<Task> planned = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::order));
    private long nextOrder;
    private boolean shutDown;

    public MovableClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
        this.now = start;
    }

    /** Moves the clock forward by {@code step}, running the tasks that fall due on the way. */
    public void advance(Duration step) {
        long target = nanoTime() + step.toNanos();
        while (true) {
            Task task;
            synchronized (this) {
                task = planned.peek();
                if (task == null || task.dueNanos() > target) {
                    break;
                }
                planned.poll();
                if (task.dueNanos() > nanoTime()) {
                    now = start.plusNanos(task.dueNanos());
                }
            }
            if (!task.cancelled) {
                task.action().run();
            }
        }
        now = start.plusNanos(target);
    }

    /** Sets the wall clock to {@code instant} (planned tasks do not run). */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

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

    /** Nanoseconds since the start instant. */
    @Override
    public long nanoTime() {
        return Duration.between(start, now).toNanos();
    }

    @Override
    public synchronized Planned schedule(Runnable task, long delayNanos) {
        if (shutDown) {
            throw new RejectedExecutionException("the clock's ticker is shut down");
        }
        Task entry = new Task(nanoTime() + Math.max(0, delayNanos), nextOrder++, Objects.requireNonNull(task, "task"));
        planned.add(entry);
        return () -> entry.cancelled = true;
    }

    @Override
    public synchronized void shutdown() {
        shutDown = true;
        planned.clear();
    }

    /** Tasks planned and not yet run (cancelled ones included until their time). */
    public synchronized int plannedCount() {
        return planned.size();
    }

    private static final class Task {
        private final long dueNanos;
        private final long order;
        private final Runnable action;
        private volatile boolean cancelled;

        Task(long dueNanos, long order, Runnable action) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.action = action;
        }

        long dueNanos() {
            return dueNanos;
        }

        long order() {
            return order;
        }

        Runnable action() {
            return action;
        }
    }
}
