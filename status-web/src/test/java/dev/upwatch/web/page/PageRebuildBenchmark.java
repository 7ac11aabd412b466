package dev.upwatch.web.page;

import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.web.config.PageConfig;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Not a test: part of the page benchmark (run from {@code PageBenchmark}). What one changed service costs the
 * home page — render its row, rebuild the page model, recompress the changed chunk and join the gzip stream —
 * in wall time and in this thread's CPU time, which busy shared machines distort less.
 */
public final class PageRebuildBenchmark {
    private PageRebuildBenchmark() {
    }

    /** Changes one random service of {@code snapshot} per round and rebuilds the page. */
    public static void run(StatusSnapshot snapshot, int rounds) {
        FreemarkerWriter templates = new FreemarkerWriter(new AssetCatalog());
        LivePages pages = StatusPageRenderingTest.homeOnly(templates);
        List<ServiceStatus> services = new ArrayList<>(snapshot.services());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Random random = new Random(7);
        long[] wall = new long[rounds];
        long[] cpu = new long[rounds];
        long compressed = 0;
        for (int round = -20; round < rounds; round++) {
            int i = random.nextInt(services.size());
            ServiceStatus before = services.get(i);
            Sample last = before.lastSample().orElseThrow();
            Sample changed = new Sample(last.monitorId(), last.startedAt(), last.responseTime().plusMillis(1 + round % 7 + 7),
                    last.outcome(), last.error(), last.conditionResults(), last.certificateExpiry());
            services.set(i, new ServiceStatus(before.monitor(), before.status(), before.since(), Optional.of(changed),
                    before.recentResponseTimes(), before.windowCounts(), before.dailyCounts()));
            long startCpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            pages.home(new LiveSnapshot("bench", round + 100, new StatusSnapshot(snapshot.updatedAt(), snapshot.overall(),
                    services), Map.of(), snapshot.updatedAt(), List.of(), List.of(), List.of(), Map.of(), List.of(), 0, snapshot.updatedAt()));
            if (round >= 0) {
                wall[round] = System.nanoTime() - start;
                cpu[round] = threads.getCurrentThreadCpuTime() - startCpu;
                compressed += pages.lastCompressedChunks();
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "home page rebuild after one service changed, %d rounds: wall p50 %.1f ms, p99 %.1f ms;"
                        + " CPU p50 %.1f ms, p99 %.1f ms; %.1f chunks compressed per rebuild%n", rounds,
                wall[rounds / 2] / 1e6, wall[(int) Math.ceil(rounds * 0.99) - 1] / 1e6,
                cpu[rounds / 2] / 1e6, cpu[(int) Math.ceil(rounds * 0.99) - 1] / 1e6, (double) compressed / rounds);
    }

    /**
     * Requests for the home page while the snapshot changes {@code perSecond} times a second (one random service's
     * response time each time), from {@code readers} threads for {@code seconds}: first each request rendering the
     * version it sees if need be ({@link LivePages#home}, the request path before issue #19), then served the last
     * render while the render thread makes the next ({@link LivePages#latestHome}). In-process, no HTTP: what a
     * request waits for the page's bytes.
     */
    public static void underChange(StatusSnapshot snapshot, int perSecond, int readers, int seconds) throws Exception {
        for (boolean latest : new boolean[] {false, true}) {
            FreemarkerWriter templates = new FreemarkerWriter(new AssetCatalog());
            LivePages pages = StatusPageRenderingTest.homeOnly(templates, latest
                    ? dev.upwatch.web.render.Renderer.threads(1) : dev.upwatch.web.render.Renderer.inline());
            List<ServiceStatus> services = new ArrayList<>(snapshot.services());
            java.util.concurrent.atomic.AtomicReference<LiveSnapshot> current = new java.util.concurrent.atomic.AtomicReference<>(
                    live(snapshot, services, 1));
            pages.home(current.get());
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread changer = Thread.ofPlatform().start(() -> {
                Random random = new Random(7);
                long next = System.nanoTime();
                for (long version = 2; running.get(); version++) {
                    int i = random.nextInt(services.size());
                    ServiceStatus before = services.get(i);
                    Sample last = before.lastSample().orElseThrow();
                    services.set(i, new ServiceStatus(before.monitor(), before.status(), before.since(),
                            Optional.of(new Sample(last.monitorId(), last.startedAt(), last.responseTime().plusMillis(version % 13 + 1),
                                    last.outcome(), last.error(), last.conditionResults(), last.certificateExpiry())),
                            before.recentResponseTimes(), before.windowCounts(), before.dailyCounts()));
                    current.set(live(snapshot, services, version));
                    next += 1_000_000_000L / perSecond;
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                }
            });
            List<long[]> latencies = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (int r = 0; r < readers; r++) {
                long[] mine = new long[2_000_000];
                latencies.add(mine);
                threads.add(Thread.ofPlatform().start(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && n < mine.length - 1) {
                        long start = System.nanoTime();
                        LivePage page = latest ? pages.latestHome(current.get()) : pages.home(current.get());
                        if (page.gzip() == null) {
                            throw new IllegalStateException("no gzip bytes");
                        }
                        mine[++n] = System.nanoTime() - start;
                    }
                    mine[0] = n;
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            running.set(false);
            changer.join();
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted().toArray();
            System.out.printf(Locale.ROOT, "home page while the snapshot changes %d times a second, %d threads, %d s, %s:"
                            + " %,.0f pages/s; wait p50 %.3f ms, p99 %.1f ms, max %.1f ms%n", perSecond, readers, seconds,
                    latest ? "serving the last render while one renders" : "every request renders or waits for the newest",
                    all.length / (double) seconds, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6,
                    all[all.length - 1] / 1e6);
        }
    }

    private static LiveSnapshot live(StatusSnapshot snapshot, List<ServiceStatus> services, long version) {
        return new LiveSnapshot("bench", version, new StatusSnapshot(snapshot.updatedAt(), snapshot.overall(),
                List.copyOf(services)), Map.of(), snapshot.updatedAt(), List.of(), List.of(), List.of(), Map.of(), List.of(),
                0, snapshot.updatedAt());
    }
}
