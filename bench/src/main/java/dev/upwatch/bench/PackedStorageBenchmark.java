package dev.upwatch.bench;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.persistence.SampleMaintenance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Storage benchmark of packed sample blocks on PostgreSQL: writes {@code --days} closed UTC days of checks of
 * {@code --monitors} monitors every 30 s through the real {@link SampleStore} (binary COPY), measures the raw day
 * partitions, runs {@link SampleMaintenance} (which packs the closed days into {@code sample_block} and drops their
 * partitions), and measures the blocks: bytes per sample = {@code pg_total_relation_size} (heap, TOAST, indexes)
 * divided by the samples. Then times reads of packed samples. Empties {@code sample} and {@code sample_block} first:
 * use a database of its own. See docs/benchmarks.md.
 */
public final class PackedStorageBenchmark {
    private PackedStorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = options(args);
        String url = options.get("jdbc-url");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: URL");
        }
        int days = Integer.parseInt(options.getOrDefault("days", "7"));
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        int conditions = Integer.parseInt(options.getOrDefault("conditions", "1"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "5000"));
        DatabaseSettings settings = new DatabaseSettings(url, options.getOrDefault("user", ""),
                Optional.ofNullable(options.get("password")));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(days);
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        long perMonitor = Duration.between(start, end).toSeconds() / 30;
        long total = perMonitor * monitors;
        System.out.printf("%d closed days x %,d monitors every 30 s = %,d samples (5 HTTP phases, %d condition(s), "
                + "1 %% failures), COPY batches of %,d%n", days, monitors, total, conditions, batch);
        try (Database database = Database.open(settings)) {
            execute(settings, "truncate sample");
            execute(settings, "truncate sample_block");
            Duration retention = Duration.ofDays(days + 30L);
            // Partitions of the days written: a run at day d makes d to d + 3 (and would pack and drop the closed
            // partitions before d, so the newest days go first).
            for (LocalDate day = today.minusDays(4); !day.isBefore(first.minusDays(3)); day = day.minusDays(4)) {
                LocalDate from = day.isBefore(first) ? first : day;
                database.sampleMaintenance(retention, Clock.fixed(from.atTime(12, 0).toInstant(ZoneOffset.UTC),
                        ZoneOffset.UTC)).runOnce();
            }
            SampleStore store = database.sampleStore();
            Random random = new Random(42);
            List<Sample> pending = new ArrayList<>(batch);
            long written = 0;
            long started = System.nanoTime();
            for (long tick = 0; tick < perMonitor; tick++) {
                Instant base = start.plusSeconds(30 * tick);
                for (int m = 0; m < monitors; m++) {
                    pending.add(sample(m, base.plusNanos(30_000_000_000L / monitors * m + random.nextInt(1_000) * 1_000L),
                            conditions, random));
                    if (pending.size() == batch) {
                        store.append(pending);
                        written += pending.size();
                        pending.clear();
                    }
                }
            }
            if (!pending.isEmpty()) {
                store.append(pending);
                written += pending.size();
            }
            double writeSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("write: %,d samples in %.1f s = %,.0f samples/s%n", written, writeSeconds,
                    written / writeSeconds);
            execute(settings, "vacuum analyze sample");
            long rawBytes = queryLong(settings, "select sum(pg_total_relation_size(relid)) "
                    + "from pg_partition_tree('sample') where isleaf");
            System.out.printf("raw partitions: %,d bytes = %.1f B/sample%n", rawBytes, (double) rawBytes / written);

            started = System.nanoTime();
            SampleMaintenance.Result result = database.sampleMaintenance(retention, Clock.systemUTC()).runOnce();
            double packSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("pack: %s in %.1f s = %,.0f samples/s%n", result, packSeconds,
                    result.samplesPacked() / packSeconds);
            if (result.samplesPacked() != written) {
                throw new IllegalStateException("packed " + result.samplesPacked() + " of " + written);
            }
            execute(settings, "vacuum analyze sample_block");
            long blocks = queryLong(settings, "select count(*) from sample_block");
            long heap = queryLong(settings, "select pg_relation_size('sample_block')");
            long toast = queryLong(settings, "select pg_table_size('sample_block') - pg_relation_size('sample_block')");
            long indexes = queryLong(settings, "select pg_indexes_size('sample_block')");
            long blockBytes = queryLong(settings, "select pg_total_relation_size('sample_block')");
            long payload = queryLong(settings, "select sum(octet_length(payload)) from sample_block");
            long rawLeft = queryLong(settings, "select sum(pg_total_relation_size(relid)) "
                    + "from pg_partition_tree('sample') where isleaf");
            System.out.printf("sample_block: %,d blocks, heap %,d + TOAST %,d + indexes %,d = %,d bytes%n",
                    blocks, heap, toast, indexes, blockBytes);
            System.out.printf("packed: %.1f B/sample (payload alone %.1f B/sample); with the remaining empty raw "
                    + "partitions (%,d bytes): %.1f B/sample%n", (double) blockBytes / written,
                    (double) payload / written, rawLeft, (double) (blockBytes + rawLeft) / written);

            reads(store, monitors, first);
        }
    }

    /** Times reads that hit packed samples only: one hour, one whole day, and the newest 100 (crossing hours). */
    private static void reads(SampleStore store, int monitors, LocalDate day) {
        Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        int runs = Math.min(monitors, 200);
        for (int round = 0; round < 2; round++) { // the first round warms up
            long hour = 0;
            long whole = 0;
            long count = 0;
            for (int m = 0; m < runs; m++) {
                MonitorId id = MonitorId.of("monitor-" + m);
                long t0 = System.nanoTime();
                count += store.between(id, noon, noon.plusSeconds(3_600), 1_000).size();
                long t1 = System.nanoTime();
                count += store.between(id, noon.minusSeconds(43_200), noon.plusSeconds(43_200), 5_000).size();
                whole += System.nanoTime() - t1;
                hour += t1 - t0;
            }
            if (round == 1) {
                System.out.printf("reads of packed samples (%d monitors, %,d samples): one hour %.2f ms, "
                        + "one day %.2f ms per read%n", runs, count, hour / 1e6 / runs, whole / 1e6 / runs);
            }
        }
    }

    private static Sample sample(int monitor, Instant startedAt, int conditions, Random random) {
        Map<String, Duration> phases = new LinkedHashMap<>();
        phases.put("dns", Duration.ofNanos(100_000 + random.nextInt(100_000)));
        phases.put("connect", Duration.ofNanos(500_000 + random.nextInt(600_000)));
        phases.put("tls", Duration.ofNanos(8_000_000 + random.nextInt(4_000_000)));
        phases.put("firstByte", Duration.ofNanos(30_000_000 + random.nextInt(30_000_000)));
        phases.put("transfer", Duration.ofNanos(100_000 + random.nextInt(200_000)));
        Duration total = phases.values().stream().reduce(Duration.ZERO, Duration::plus);
        boolean failed = random.nextInt(100) == 0;
        List<ConditionResult> results = conditions == 0 ? List.of()
                : List.of(new ConditionResult("[STATUS] == 200",
                "[STATUS] (" + (failed ? 503 : 200) + ") == 200", !failed));
        return new Sample(MonitorId.of("monitor-" + monitor), startedAt, total,
                failed ? Outcome.FAILURE : Outcome.SUCCESS, Optional.empty(), results, Optional.empty(), phases);
    }

    private static long queryLong(DatabaseSettings settings, String sql) throws SQLException {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(DatabaseSettings settings, String sql) throws SQLException {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.username(), settings.password().orElse(null));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
