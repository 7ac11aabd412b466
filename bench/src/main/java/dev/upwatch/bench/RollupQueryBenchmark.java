package dev.upwatch.bench;

import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.rule.LatencyBuckets;
import dev.upwatch.core.rule.UptimeCalculator;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Query time of the status page's history from rollups: every uptime window (24h … 365d) and the 90 daily bars of
 * N monitors, exactly as {@code StatusService.refreshHistory} reads them, over a year of day rollups, 31 days of hour
 * rollups and 25 hours of minute rollups ({@code --minute-hours}; the windows read at most the last two hours of
 * them). Runs on the embedded H2 database in a temporary
 * directory, or on PostgreSQL with {@code --jdbc-url} (an empty database). See docs/benchmarks.md.
 */
public final class RollupQueryBenchmark {
    private RollupQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "20"));
        DatabaseSettings settings = options.containsKey("jdbc-url")
                ? new DatabaseSettings(options.get("jdbc-url"), options.getOrDefault("user", ""),
                Optional.ofNullable(options.get("password")))
                : DatabaseSettings.embedded(Files.createTempDirectory("upwatch-rollup-bench"));
        Instant now = Instant.now();
        try (Database database = Database.open(settings)) {
            RollupStore store = database.rollupStore();
            long loadStart = System.nanoTime();
            // --load false: query what an earlier run loaded into the same --jdbc-url (loading takes minutes).
            long rows = Boolean.parseBoolean(options.getOrDefault("load", "true")) ? load(store, monitors, now,
                    Duration.ofHours(Long.parseLong(options.getOrDefault("minute-hours", "25")))) : 0;
            System.out.printf("loaded %,d rollups of %,d monitors in %.1f s on %s%n", rows, monitors,
                    (System.nanoTime() - loadStart) / 1e9, settings.jdbcUrl());
            long[] nanos = new long[runs];
            for (int run = -5; run < runs; run++) {
                long start = System.nanoTime();
                List<List<RollupRange>> windows = Arrays.stream(UptimeWindow.values())
                        .map(window -> UptimeCalculator.ranges(window, now)).toList();
                var counts = store.countsPerWindow(windows);
                LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
                Map<MonitorId, List<DailyCounts>> bars = store.dailyCounts(today.minusDays(89), today);
                long elapsed = System.nanoTime() - start;
                if (counts.getLast().size() != monitors || bars.size() != monitors) {
                    throw new IllegalStateException("expected every monitor in the answer");
                }
                if (run >= 0) {
                    nanos[run] = elapsed;
                }
            }
            Arrays.sort(nanos);
            System.out.printf("uptime windows + 90-day bars of %,d monitors: median %.1f ms, min %.1f ms, max %.1f ms"
                    + " (%d runs)%n", monitors, nanos[runs / 2] / 1e6, nanos[0] / 1e6, nanos[runs - 1] / 1e6, runs);
        }
    }

    /** Writes the rollups the windows read, in batches, through the store's own upsert. */
    private static long load(RollupStore store, int monitors, Instant now, Duration minuteDepth) {
        Random random = new Random(7);
        long rows = 0;
        Map<RollupTier, Duration> depth = Map.of(RollupTier.DAY, Duration.ofDays(366), RollupTier.HOUR,
                Duration.ofDays(31), RollupTier.MINUTE, minuteDepth);
        List<Rollup> batch = new ArrayList<>();
        for (RollupTier tier : RollupTier.values()) {
            long checksPerBucket = Math.max(1, tier.length().toSeconds() / 60);
            for (int m = 0; m < monitors; m++) {
                MonitorId id = MonitorId.of("monitor-" + m);
                for (Instant at = tier.floor(now.minus(depth.get(tier))); !at.isAfter(now); at = at.plus(tier.length())) {
                    long failures = random.nextInt(200) == 0 ? Math.min(checksPerBucket, 1 + random.nextInt(5)) : 0;
                    TreeMap<Integer, Long> histogram = new TreeMap<>();
                    long fast = checksPerBucket / 2;
                    histogram.put(LatencyBuckets.index(20_000), fast);
                    if (checksPerBucket - fast > 0) {
                        histogram.put(LatencyBuckets.index(45_000), checksPerBucket - fast);
                    }
                    batch.add(new Rollup(id, tier, at, checksPerBucket, failures, 0, 0, 0, 0, 20_000, 45_000,
                            fast * 20_000 + (checksPerBucket - fast) * 45_000, histogram));
                    if (batch.size() == 5_000) {
                        store.add(batch);
                        rows += batch.size();
                        batch.clear();
                    }
                }
            }
        }
        store.add(batch);
        return rows + batch.size();
    }
}
