package dev.upwatch.bench;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.SlaTarget;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.report.ReportPeriod;
import dev.upwatch.core.report.SlaReport;
import dev.upwatch.core.report.SlaReports;
import dev.upwatch.core.model.LatencyBuckets;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.PublicIncidentQuery;
import dev.upwatch.core.service.PublicStatusQuery;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.core.service.StatusService;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Time of an SLA report of N monitors over a year, from the rollups: {@code SlaReports.page} over
 * {@code [today − 365 d, now)} — whole days from the day tier, today's hours, this hour's minutes — summed in the
 * database ({@code RollupStore.totals}). Loads a year of day rollups (3 latency buckets each, some failures, maintenance
 * and down time), today's hour rollups and this hour's minute rollups through the store, then runs the report
 * {@code --runs} times. Embedded H2 in a temporary directory, or PostgreSQL with {@code --jdbc-url} (an empty
 * database; {@code --load false} reuses one loaded before). See docs/benchmarks.md.
 */
public final class ReportBenchmark {
    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
        DatabaseSettings settings = options.containsKey("jdbc-url")
                ? new DatabaseSettings(options.get("jdbc-url"), options.getOrDefault("user", ""),
                Optional.ofNullable(options.get("password")))
                : DatabaseSettings.embedded(Files.createTempDirectory("upwatch-report-bench"));
        Instant now = Instant.now();
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (Database database = Database.open(settings)) {
            RollupStore store = database.rollupStore();
            long loadStart = System.nanoTime();
            long rows = Boolean.parseBoolean(options.getOrDefault("load", "true")) ? load(store, monitors, now) : 0;
            System.out.printf("loaded %,d rollups of %,d monitors in %.1f s on %s%n", rows, monitors,
                    (System.nanoTime() - loadStart) / 1e9, settings.jdbcUrl());
            List<Monitor> tracked = new ArrayList<>(monitors);
            for (int m = 0; m < monitors; m++) {
                tracked.add(Monitor.builder(MonitorId.of("monitor-" + m), "Monitor " + m,
                        new ProbeSpec("tcp", ProbeSettings.empty())).interval(Duration.ofMinutes(1))
                        .sla(SlaTarget.parse("99.9")).build());
            }
            java.util.logging.Logger.getLogger(StatusService.class.getName()).setLevel(java.util.logging.Level.WARNING);
            StatusService status = new StatusService(clock, new InMemorySampleStore(), store);
            status.track(tracked);
            PublicStatusQuery visible = new PublicStatusQuery(status);
            SlaReports reports = new SlaReports(visible, new PublicIncidentQuery(new IncidentService(clock,
                    new InMemoryIncidentStore(), List.of(), List.of()), visible), store, RollupRetention.defaults(), clock);
            ReportPeriod year = new ReportPeriod(RollupTier.DAY.floor(now).minus(Duration.ofDays(365)),
                    RollupTier.MINUTE.floor(now).plus(Duration.ofMinutes(1)));
            long[] nanos = new long[runs];
            SlaReport report = null;
            for (int run = -1; run < runs; run++) {
                // A flush between reports, as the engine writes every 10 s: also keeps H2 from answering a repeated
                // query from its cached result of the last one.
                store.add(List.of(rollup(tracked.getFirst().id(), RollupTier.MINUTE, now, 1, new Random(run + 100))));
                long start = System.nanoTime();
                report = reports.page(year);
                long elapsed = System.nanoTime() - start;
                if (run >= 0) {
                    nanos[run] = elapsed;
                } else {
                    System.out.printf("first report (cold caches): %.0f ms%n", elapsed / 1e6);
                }
            }
            if (report.services().size() != monitors || report.services().getFirst().totals().checks() == 0) {
                throw new IllegalStateException("expected every monitor with checks in the report");
            }
            Arrays.sort(nanos);
            System.out.printf("SLA report of %,d monitors over %s .. %s (%,d checks, %d met, %d missed): median %.0f ms,"
                            + " min %.0f ms, max %.0f ms (%d runs)%n", monitors, year.from(), year.to(),
                    report.services().stream().mapToLong(s -> s.totals().checks()).sum(), report.targetsMet(),
                    report.targetsMissed(), nanos[runs / 2] / 1e6, nanos[0] / 1e6, nanos[runs - 1] / 1e6, runs);
        }
    }

    /** A year of day rollups, today's hours and this hour's minutes of every monitor, through the store's upsert. */
    private static long load(RollupStore store, int monitors, Instant now) {
        Random random = new Random(22);
        long rows = 0;
        List<Rollup> batch = new ArrayList<>();
        Instant today = RollupTier.DAY.floor(now);
        Instant hour = RollupTier.HOUR.floor(now);
        for (int m = 0; m < monitors; m++) {
            MonitorId id = MonitorId.of("monitor-" + m);
            for (Instant at = today.minus(Duration.ofDays(366)); !at.isAfter(now); at = at.plus(Duration.ofDays(1))) {
                batch.add(rollup(id, RollupTier.DAY, at, 1440, random));
            }
            for (Instant at = today; !at.isAfter(now); at = at.plus(Duration.ofHours(1))) {
                batch.add(rollup(id, RollupTier.HOUR, at, 60, random));
            }
            for (Instant at = hour; !at.isAfter(now); at = at.plus(Duration.ofMinutes(1))) {
                batch.add(rollup(id, RollupTier.MINUTE, at, 1, random));
            }
            if (batch.size() >= 5_000) {
                store.add(batch);
                rows += batch.size();
                batch.clear();
            }
        }
        store.add(batch);
        return rows + batch.size();
    }

    private static Rollup rollup(MonitorId id, RollupTier tier, Instant at, long checks, Random random) {
        long failures = random.nextInt(50) == 0 ? Math.min(checks, 1 + random.nextInt(10)) : 0;
        long maintenance = checks > 1 && random.nextInt(100) == 0 ? Math.min(checks - failures, 60) : 0;
        long timed = checks;
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        long fast = timed / 2;
        long slow = timed / 4;
        long rest = timed - fast - slow;
        if (fast > 0) {
            histogram.put(LatencyBuckets.index(20_000), fast);
        }
        if (slow > 0) {
            histogram.put(LatencyBuckets.index(45_000), slow);
        }
        histogram.put(LatencyBuckets.index(180_000), rest);
        long down = Math.min(failures * 60_000, tier.length().toMillis());
        return new Rollup(id, tier, tier.floor(at), checks, failures, 0, maintenance, 0, down, 18_000, 190_000,
                fast * 20_000 + slow * 45_000 + rest * 180_000, histogram);
    }
}
