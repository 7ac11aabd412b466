package dev.upwatch.bench;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.LatencyBuckets;
import dev.upwatch.core.service.StatusService;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * Time of the status page's history refresh from rollups: every uptime window (24h … 365d) and the 90 daily bars of
 * N monitors, by {@code StatusService.refreshHistory} itself — once cold (the start-up load), then once per simulated
 * minute with one check per monitor in between — over a year of day rollups, 31 days of hour rollups and 25 hours of
 * minute rollups ({@code --minute-hours}; the windows read at most the last two hours of them). Runs on the embedded H2 database in a temporary
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
        int runs = Integer.parseInt(options.getOrDefault("runs", "60"));
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
            MovableClock clock = new MovableClock(now);
            List<Monitor> tracked = new ArrayList<>(monitors);
            for (int m = 0; m < monitors; m++) {
                tracked.add(Monitor.builder(MonitorId.of("monitor-" + m), "Monitor " + m,
                        new ProbeSpec("tcp", ProbeSettings.empty())).interval(Duration.ofMinutes(1)).build());
            }
            java.util.logging.Logger.getLogger(StatusService.class.getName()).setLevel(java.util.logging.Level.WARNING);
            StatusService status = new StatusService(clock, new InMemorySampleStore(), store);
            status.track(tracked);
            long coldStart = System.nanoTime();
            status.refreshHistory();
            long cold = System.nanoTime() - coldStart;
            if (status.service(tracked.getLast().id()).orElseThrow().dailyCounts().isEmpty()) {
                throw new IllegalStateException("expected every monitor's bars in the answer");
            }
            System.out.printf("cold start (a year of day rows, the windows' first days, today): %.1f ms%n", cold / 1e6);
            // Each run is one minute later: every monitor makes one check, the engine's 10-second flush writes it
            // (not timed), then the timed refresh does what StatusService does every minute.
            long[] nanos = new long[runs];
            long flushNanos = 0;
            for (int run = -5; run < runs; run++) {
                clock.now = clock.now.plus(Duration.ofMinutes(1));
                for (Monitor monitor : tracked) {
                    status.checked(monitor, new Sample(monitor.id(), clock.now.minusSeconds(30),
                            Duration.ofMillis(25), Outcome.SUCCESS, Optional.empty(), List.of()));
                }
                long flushStart = System.nanoTime();
                status.flushRollups();
                flushNanos += System.nanoTime() - flushStart;
                long start = System.nanoTime();
                status.refreshHistory();
                long elapsed = System.nanoTime() - start;
                if (run >= 0) {
                    nanos[run] = elapsed;
                }
            }
            Arrays.sort(nanos);
            System.out.printf("refresh of uptime windows + 90-day bars of %,d monitors, one simulated minute apart:"
                    + " median %.1f ms, min %.1f ms, max %.1f ms (%d runs from %s); flush of %,d checks %.0f ms"
                    + " on average (not in the refresh)%n", monitors, nanos[runs / 2] / 1e6, nanos[0] / 1e6,
                    nanos[runs - 1] / 1e6, runs, now, monitors, flushNanos / 1e6 / (runs + 5));
        }
    }

    /** A clock the benchmark moves forward one minute per run. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
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
                    // Failures only in day rows: the tiers then agree on every count the refresh subtracts (an hour
                    // holds its minutes' checks and failures), as RollupRecorder's rollups always do.
                    long failures = tier == RollupTier.DAY && random.nextInt(200) == 0 ? 1 + random.nextInt(5) : 0;
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
