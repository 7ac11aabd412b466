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
}
