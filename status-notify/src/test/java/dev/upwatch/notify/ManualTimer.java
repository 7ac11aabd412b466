package dev.upwatch.notify;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link DeliveryTimer} that moves only when the test advances it: a test runs every wait to its end instead of
 * sleeping, and can tell how many waits ever ended (so that a message that was never started is proved never sent).
 */
final class ManualTimer implements DeliveryTimer {
    private record Task(long due, long order, Runnable action) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now;
    private long scheduled;
    private long ran;
    private boolean closed;

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        tasks.add(new Task(now + delay.toNanos(), scheduled++, task));
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Runs, in order, every task due within {@code span} from now (also those they schedule), then stands at its end. */
    void advance(Duration span) {
        long target;
        synchronized (this) {
            target = now + span.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due);
                ran++;
            }
            next.action.run();
        }
    }

    /** How many tasks wait to run. */
    synchronized int waiting() {
        return tasks.size();
    }

    /** How many tasks have run so far. */
    synchronized long ran() {
        return ran;
    }

    @Override
    public synchronized void close() {
        closed = true;
        tasks.clear();
    }
}
