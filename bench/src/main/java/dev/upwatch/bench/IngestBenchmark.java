package dev.upwatch.bench;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.persistence.SampleWriteMethod;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ingest benchmark of the raw-sample table on PostgreSQL: writes the same samples once with JDBC batches and once
 * with binary COPY, through the real {@link SampleStore}, one writer thread in batches of 5,000 (as
 * {@code SampleBuffer} does; {@code --writers N} for parallel connections), and reports samples/s and the bytes each
 * stored sample takes (heap + TOAST + indexes of every partition, {@code pg_total_relation_size}, divided by the row
 * count). Run it on an empty database: it empties the sample
 * table before each method. See docs/benchmarks.md.
 */
public final class IngestBenchmark {
    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = options(args);
        String url = required(options, "jdbc-url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: URL");
        }
        int count = Integer.parseInt(options.getOrDefault("samples", "500000"));
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "5000"));
        int conditions = Integer.parseInt(options.getOrDefault("conditions", "1"));
        int writers = Integer.parseInt(options.getOrDefault("writers", "1"));
        DatabaseSettings settings = new DatabaseSettings(url, options.getOrDefault("user", ""),
                Optional.ofNullable(options.get("password")));
        List<Sample> samples = samples(count, monitors, conditions);
        System.out.printf("%,d samples of %,d monitors (30 s apart, 5 HTTP phases, %d condition(s)), batches of %,d, "
                + "%d writer(s)%n", count, monitors, conditions, batchSize, writers);
        try (Database database = Database.open(settings)) {
            database.sampleMaintenance(Duration.ofDays(7), Clock.systemUTC()).runOnce(); // today's partitions
            for (SampleWriteMethod method : List.of(SampleWriteMethod.BATCH, SampleWriteMethod.COPY)) {
                SampleStore store = database.sampleStore(method);
                execute(settings, "truncate sample");
                store.append(samples.subList(0, Math.min(batchSize, count))); // monitor rows, JIT, connections
                execute(settings, "truncate sample");
                long started = System.nanoTime();
                write(store, samples, batchSize, writers);
                double seconds = (System.nanoTime() - started) / 1e9;
                execute(settings, "vacuum analyze sample");
                System.out.printf("%-5s %,10.0f samples/s  (%,d in %.2f s)%n", method, count / seconds, count, seconds);
                if (method == SampleWriteMethod.COPY) {
                    sizes(settings, count);
                }
            }
        }
    }

    /**
     * Writes the samples in batches; with several writers, each on its own thread and connection takes every
     * {@code writers}-th batch (the engine's single writer keeps samples in check order; this measures what parallel
     * connections would gain).
     */
    private static void write(SampleStore store, List<Sample> samples, int batchSize, int writers) throws Exception {
        int count = samples.size();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int from = writer * batchSize; from < count; from += writers * batchSize) {
                        store.append(samples.subList(from, Math.min(count, from + batchSize)));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }

    /** Bytes per stored sample over all partitions: heap, indexes and the total. */
    private static void sizes(DatabaseSettings settings, int count) throws SQLException {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select sum(pg_table_size(relid)), sum(pg_indexes_size(relid)), sum(pg_total_relation_size(relid)),
                            (select count(*) from sample)
                     from pg_partition_tree('sample') where isleaf""")) {
            rows.next();
            long rowCount = rows.getLong(4);
            System.out.printf("bytes per sample: table %.1f + indexes %.1f = %.1f (%,d rows, %,d bytes in all)%n",
                    rows.getDouble(1) / rowCount, rows.getDouble(2) / rowCount, rows.getDouble(3) / rowCount,
                    rowCount, rows.getLong(3));
            if (rowCount != count) {
                throw new IllegalStateException("expected " + count + " rows, found " + rowCount);
            }
        }
    }

    /** Typical successful HTTP checks: monitors in turn, each every 30 s, ending now. */
    static List<Sample> samples(int count, int monitors, int conditions) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant start = end.minusMillis(30_000L * count / monitors);
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Duration> phases = new LinkedHashMap<>();
            phases.put("dns", Duration.ofNanos(150_000 + i % 50_000));
            phases.put("connect", Duration.ofNanos(800_000 + i % 400_000));
            phases.put("tls", Duration.ofNanos(9_000_000 + i % 3_000_000));
            phases.put("firstByte", Duration.ofNanos(40_000_000 + i % 20_000_000));
            phases.put("transfer", Duration.ofNanos(200_000 + i % 100_000));
            Duration total = phases.values().stream().reduce(Duration.ZERO, Duration::plus);
            List<ConditionResult> results = conditions == 0 ? List.of()
                    : List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true));
            samples.add(new Sample(MonitorId.of("monitor-" + (i % monitors)),
                    start.plusNanos(30_000_000_000L / monitors * i), total, Outcome.SUCCESS, Optional.empty(),
                    results, Optional.empty(), phases));
        }
        return samples;
    }

    private static void execute(DatabaseSettings settings, String sql) throws SQLException {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.username(), settings.password().orElse(null));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
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
