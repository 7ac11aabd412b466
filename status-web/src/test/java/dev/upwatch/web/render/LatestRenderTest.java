package dev.upwatch.web.render;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders off the request path ({@link LatestRender}): a request is answered the last render without waiting while it
 * is within the staleness bound, renders start at most every gap and coalesce the changes in between, a change
 * reaches the render, and a request finding the last render too old waits for the next.
 */
class LatestRenderTest {
    private static final LatestRender.Policy POLICY = new LatestRender.Policy(Duration.ofMillis(200), Duration.ofSeconds(1));

    /** What the render reads: a number standing for a snapshot version. */
    private final AtomicInteger source = new AtomicInteger(1);
    /** The versions rendered, in order. */
    private final List<Integer> renders = new ArrayList<>();
    /** Renders asked for and not yet run (the test runs them). */
    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final AtomicLong nanos = new AtomicLong();

    /** A render: the version it was made from. */
    private record Page(int version) {
    }

    private LatestRender<Integer, Page> manual() {
        return new Renderer(queued::add, nanos::get).of(source::get, (page, seen) -> page.version() >= seen,
                (version, previous) -> {
                    synchronized (renders) {
                        renders.add(version);
                    }
                    return new Page(version);
                }, POLICY);
    }

    /** Runs the first render, which a request waits for (there is nothing to answer before it). */
    private Page first(LatestRender<Integer, Page> render) throws Exception {
        CompletableFuture<Page> request = CompletableFuture.supplyAsync(() -> render.latest(1));
        awaitQueued(1);
        queued.remove().run();
        return request.get(10, TimeUnit.SECONDS);
    }

    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (queued.size() >= count) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no render asked for within 10 s");
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void changesWithinTheGapAreAnsweredTheLastRenderAndCoalesceIntoOneRender() throws Exception {
        LatestRender<Integer, Page> render = manual();
        assertEquals(new Page(1), first(render));

        source.set(2);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(new Page(1), render.latest(2), "within the gap: the last render, at once");
        source.set(3);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(new Page(1), render.latest(3));
        assertTrue(queued.isEmpty(), "no render starts within 200 ms of the last one");

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(50)); // 200 ms after the first render started
        assertEquals(new Page(1), render.latest(3), "a render is asked for; the request does not wait for it");
        assertEquals(new Page(1), render.latest(3));
        assertEquals(1, queued.size(), "one render at a time");
        queued.remove().run();
        assertEquals(new Page(3), render.latest(3), "the render read the newest source");
        assertEquals(List.of(1, 3), renders, "versions 2 and 3 made one render");
    }

    @Test
    void aRequestFindingTheLastRenderOlderThanTheBoundWaitsForTheNext() throws Exception {
        LatestRender<Integer, Page> render = manual();
        first(render);
        source.set(2);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_001));
        CompletableFuture<Page> request = CompletableFuture.supplyAsync(() -> render.latest(2));
        awaitQueued(1);
        assertFalse(request.isDone(), "the last render read its source more than 1 s ago: not an answer");
        queued.remove().run();
        assertEquals(new Page(2), request.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aChangeThatMayNotLagIsWaitedForWithinTheBoundToo() throws Exception {
        // Version 10 stands for a person's edit: whoever made it and reloads must see it.
        LatestRender<Integer, Page> render = new Renderer(queued::add, nanos::get).of(source::get,
                (page, seen) -> page.version() >= seen, (page, seen) -> seen != 10,
                (version, previous) -> new Page(version), POLICY);
        first(render);
        source.set(10);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(200));
        CompletableFuture<Page> request = CompletableFuture.supplyAsync(() -> render.latest(10));
        awaitQueued(1);
        assertFalse(request.isDone(), "the render that may not lag is waited for");
        queued.remove().run();
        assertEquals(new Page(10), request.get(10, TimeUnit.SECONDS));
    }

    @Test
    void unchangedTheLastRenderIsTheAnswerAndNothingRenders() throws Exception {
        LatestRender<Integer, Page> render = manual();
        Page page = first(render);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertTrue(page == render.latest(1));
        assertTrue(queued.isEmpty());
        assertEquals(List.of(1), renders);
    }

    @Test
    void aFailedRenderFailsItsWaitersAndTheNextRenderServesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LatestRender<Integer, Page> render = Renderer.inline().of(source::get, (page, seen) -> page.version() >= seen,
                (version, previous) -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalArgumentException("broken template");
                    }
                    return new Page(version);
                }, new LatestRender.Policy(Duration.ZERO, Duration.ZERO));
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> render.latest(1));
        assertEquals("broken template", failed.getCause().getMessage());
        assertEquals(new Page(1), render.latest(1));
    }

    @Test
    void onRenderThreadsAChangeReachesTheAnswerWithinTheBound() throws Exception {
        CountDownLatch rendering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LatestRender<Integer, Page> render = Renderer.threads(1).of(source::get, (page, seen) -> page.version() >= seen,
                (version, previous) -> {
                    if (version == 2) {
                        rendering.countDown();
                        try {
                            assertTrue(release.await(10, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return new Page(version);
                }, POLICY);
        assertEquals(new Page(1), render.latest(1));
        source.set(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // While version 2 renders, requests are answered version 1 at once (this thread would block otherwise).
        while (rendering.getCount() > 0) {
            assertEquals(new Page(1), render.latest(2));
            assertTrue(System.nanoTime() < deadline, "version 2 did not begin to render within 10 s");
            Thread.yield();
        }
        assertEquals(new Page(1), render.latest(2));
        release.countDown();
        while (render.latest(2).version() != 2) {
            assertTrue(System.nanoTime() < deadline, "version 2 did not reach the answer within 10 s");
            Thread.yield();
        }
        assertEquals(new Page(2), render.await(2));
    }
}
