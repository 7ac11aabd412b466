package dev.upwatch.web.render;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last complete render of a changing source (a page, a document), made by one render at a time on the
 * {@link Renderer}'s threads, never on a request's: each render reads the newest source there is when it starts. A
 * request takes the last render when it still shows what the request saw ({@link #latest}); otherwise it asks for a
 * render and, unless the last render read its source longer than the {@linkplain Policy#stale staleness bound} ago,
 * there is none yet, or what changed since may not lag (a predicate of the owner: e.g. a person's edit, which its
 * author reloads to see), is answered the last render without waiting. Renders start at most every
 * {@linkplain Policy#gap gap}, so changes in between coalesce into the next render. {@link #await} waits for a render
 * of the source as it is now or newer (the live streams).
 *
 * @param <S> what a render is made from
 * @param <R> a render
 */
public final class LatestRender<S, R> {
    /** Makes a render of {@code source}; {@code previous} is the last render ({@code null} for the first), to reuse. */
    @FunctionalInterface
    public interface Render<S, R> {
        R render(S source, R previous);
    }

    /**
     * How fresh the answers are.
     *
     * @param gap   shortest time between the starts of two renders (zero: a render whenever asked)
     * @param stale longest time since the render answered read its source; a request that finds the last render
     *              older (and not showing what it saw) waits for the next one (zero: it always does, unless a render
     *              is running, whose caller then waits for it)
     */
    public record Policy(Duration gap, Duration stale) {
        public Policy {
            Objects.requireNonNull(gap, "gap");
            Objects.requireNonNull(stale, "stale");
            if (gap.isNegative() || stale.isNegative()) {
                throw new IllegalArgumentException("gap and stale must not be negative: " + gap + ", " + stale);
            }
        }
    }

    /** A render, the number of the read of the source it was made from, and when that read was (nanoseconds). */
    private record Made<R>(R render, long read, long readAt) {
    }

    /** A render that failed, and the number of its read: callers waiting for that read get its failure. */
    private record Failed(RuntimeException failure, long read) {
    }

    private final Supplier<S> source;
    private final BiPredicate<R, S> shows;
    private final BiPredicate<R, S> mayLag;
    private final Render<S, R> render;
    private final Executor executor;
    private final LongSupplier nanos;
    private final long gapNanos;
    private final long staleNanos;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Reads of the source so far (the number of the last one). */
    private final AtomicLong reads = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition rendered = lock.newCondition();
    private volatile long lastStart;
    private volatile boolean started;
    private volatile Made<R> made;
    private volatile Failed failed;

    LatestRender(Supplier<S> source, BiPredicate<R, S> shows, BiPredicate<R, S> mayLag, Render<S, R> render,
                 Policy policy, Executor executor, LongSupplier nanos) {
        this.source = Objects.requireNonNull(source, "source");
        this.shows = Objects.requireNonNull(shows, "shows");
        this.mayLag = Objects.requireNonNull(mayLag, "mayLag");
        this.render = Objects.requireNonNull(render, "render");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.gapNanos = policy.gap().toNanos();
        this.staleNanos = policy.stale().toNanos();
    }

    /**
     * The render for a request that saw {@code seen}: the last render if it shows {@code seen}; else the last render
     * while it is within the staleness bound or another render is running and the bound is zero, a render being
     * asked for; else (and for the first) the next render, waited for.
     */
    public R latest(S seen) {
        Made<R> last = made;
        if (last != null && shows.test(last.render(), seen)) {
            return last.render();
        }
        long now = nanos.getAsLong();
        long target = reads.get() + 1;
        boolean starting = request(now);
        Made<R> newest = made; // a render that ran in this thread (or ended meanwhile) is newer than the last
        if (newest != null && (newest.read() >= target || (staleNanos == 0 ? !starting
                : now - newest.readAt() <= staleNanos && mayLag.test(newest.render(), seen)))) {
            return newest.render();
        }
        return awaitRead(target);
    }

    /** A render that shows {@code seen} or was made from a newer source, waiting for it if need be. */
    public R await(S seen) {
        Made<R> last = made;
        if (last != null && shows.test(last.render(), seen)) {
            return last.render();
        }
        return awaitRead(reads.get() + 1);
    }

    /** The last render, if any; for tests. */
    java.util.Optional<R> last() {
        Made<R> last = made;
        return last == null ? java.util.Optional.empty() : java.util.Optional.of(last.render());
    }

    /** Waits for a render made from read {@code target} of the source or a later one: one begun after the call. */
    private R awaitRead(long target) {
        boolean interrupted = false;
        try {
            while (true) {
                Made<R> last = made;
                if (last != null && last.read() >= target) {
                    return last.render();
                }
                Failed failure = failed;
                if (failure != null && failure.read() >= target) {
                    throw new IllegalStateException("the render failed", failure.failure());
                }
                long now = nanos.getAsLong();
                request(now);
                lock.lock();
                try {
                    if (made == last && failed == failure) {
                        // Wake when a render ends, or when the gap ends (a render may then be started).
                        long wait = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                                Math.min(gapNanos - (now - lastStart), TimeUnit.MILLISECONDS.toNanos(100)));
                        rendered.awaitNanos(wait);
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // finish the wait: the answer is owed; the flag is set again below
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts a render unless one is running or the last one started less than the gap ago; whether it did. */
    private boolean request(long now) {
        if (running.get() || (started && now - lastStart < gapNanos) || !running.compareAndSet(false, true)) {
            return false;
        }
        lastStart = now;
        started = true;
        try {
            executor.execute(this::renderNow);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        return true;
    }

    private void renderNow() {
        long read = reads.incrementAndGet();
        long readAt = nanos.getAsLong();
        try {
            Made<R> last = made;
            R next = render.render(source.get(), last == null ? null : last.render());
            made = new Made<>(Objects.requireNonNull(next, "render"), read, readAt);
        } catch (RuntimeException e) {
            failed = new Failed(e, read);
            System.getLogger(LatestRender.class.getName()).log(System.Logger.Level.ERROR, "a render failed", e);
        } finally {
            running.set(false);
            lock.lock();
            try {
                rendered.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
