package dev.upwatch.web.render;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where the pages and documents served from memory are rendered, off the request path: every {@link LatestRender}
 * made here renders on this executor and reads this clock. The server's has two daemon threads at most (one per core
 * here), which end when idle; a test passes its own executor and clock.
 */
public final class Renderer {
    private final Executor executor;
    private final LongSupplier nanos;

    public Renderer(Executor executor, LongSupplier nanos) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
    }

    /** The server's: renders on up to {@code threads} daemon threads, timed by {@link System#nanoTime}. */
    public static Renderer threads(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "upwatch-render-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return new Renderer(pool, System::nanoTime);
    }

    /** Renders in the calling thread, at once: for tests that look at renders, not at their timing. */
    public static Renderer inline() {
        return new Renderer(Runnable::run, System::nanoTime);
    }

    /** The latest render of {@code source} by {@code render}, fresh as {@code policy} says. */
    public <S, R> LatestRender<S, R> of(Supplier<S> source, BiPredicate<R, S> shows, LatestRender.Render<S, R> render,
                                        LatestRender.Policy policy) {
        return of(source, shows, (rendered, seen) -> true, render, policy);
    }

    /**
     * The same, where a render may stand for a newer source within the staleness bound only if {@code mayLag} says
     * so of the two.
     */
    public <S, R> LatestRender<S, R> of(Supplier<S> source, BiPredicate<R, S> shows, BiPredicate<R, S> mayLag,
                                        LatestRender.Render<S, R> render, LatestRender.Policy policy) {
        return new LatestRender<>(source, shows, mayLag, render, policy, executor, nanos);
    }
}
