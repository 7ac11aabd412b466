package dev.upwatch.bench;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.persistence.SampleMaintenance;
import dev.upwatch.web.export.HistoryExport;
import dev.upwatch.web.reader.ExportFormat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Export rate, rows per second, of the streamed exports ({@code HistoryExport}, the writer behind
 * {@code /api/v1/exports/...}) into a sink that counts and keeps nothing: a year of one monitor's minute rollups
 * (525,600, written by SQL) and {@code --sample-days} days of its samples at one per second (written through the
 * store, closed days packed into blocks by the real maintenance), each as CSV and as JSON, {@code --runs} times.
 * Embedded H2 in a temporary directory, or PostgreSQL with {@code --jdbc-url} (an empty database). See
 * docs/benchmarks.md.
 */
public final class ExportBenchmark {
    private static final MonitorId MONITOR = MonitorId.of("export");

    private ExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        int sampleDays = Integer.parseInt(options.getOrDefault("sample-days", "3"));
        DatabaseSettings settings = options.containsKey("jdbc-url")
                ? new DatabaseSettings(options.get("jdbc-url"), options.getOrDefault("user", ""),
                Optional.ofNullable(options.get("password")))
                : DatabaseSettings.embedded(Files.createTempDirectory("upwatch-export-bench"));
        Instant now = Instant.now();
        Instant yearStart = Instant.parse("2025-01-01T00:00:00Z");
        try (Database database = Database.open(settings)) {
            long loadStart = System.nanoTime();
            database.sampleStore().append(List.of(sample(now.minus(Duration.ofDays(sampleDays + 1))))); // its key
            loadRollups(settings, yearStart);
            Instant samplesFrom = RollupTier.DAY.floor(now).minus(Duration.ofDays(sampleDays));
            List<Sample> batch = new ArrayList<>();
            long samples = 0;
            for (Instant at = samplesFrom; at.isBefore(now); at = at.plusSeconds(1)) {
                batch.add(sample(at));
                if (batch.size() == 10_000) {
                    database.sampleStore().append(batch);
                    samples += batch.size();
                    batch.clear();
                }
            }
            database.sampleStore().append(batch);
            samples += batch.size();
            try (SampleMaintenance maintenance = database.sampleMaintenance(Duration.ofDays(sampleDays + 2),
                    Clock.systemUTC())) {
                System.out.printf("packed %,d of %,d samples into hour blocks%n", maintenance.runOnce().samplesPacked(),
                        samples);
            }
            System.out.printf("loaded 525,600 minute rollups and %,d samples in %.1f s on %s%n", samples,
                    (System.nanoTime() - loadStart) / 1e9, settings.jdbcUrl());
            HistoryExport export = new HistoryExport(database.sampleStore(), database.rollupStore());
            for (ExportFormat format : ExportFormat.values()) {
                for (int run = 0; run < runs; run++) {
                    measure("minute rollups, a year", format, out -> export.rollups(MONITOR, RollupTier.MINUTE,
                            yearStart, yearStart.plus(Duration.ofDays(365)), format, out));
                    measure("samples, " + sampleDays + " days", format,
                            out -> export.samples(MONITOR, samplesFrom, now, format, out));
                }
            }
        }
    }

    private interface Export {
        long to(OutputStream out);
    }

    private static void measure(String what, ExportFormat format, Export export) {
        Counting sink = new Counting();
        long start = System.nanoTime();
        long rows = export.to(sink);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-24s %-4s %,10d rows %,12d bytes %6.2f s  %,8.0f rows/s%n", what, format.extension(), rows,
                sink.bytes, seconds, rows / seconds);
    }

    private static Sample sample(Instant at) {
        return new Sample(MONITOR, at, Duration.ofMillis(20 + at.getEpochSecond() % 50), Outcome.SUCCESS,
                Optional.empty(), List.of());
    }

    /** A year of minute rollups with one latency row each, by SQL (the store's upsert would take minutes on H2). */
    private static void loadRollups(DatabaseSettings settings, Instant from) throws Exception {
        boolean h2 = settings.jdbcUrl().startsWith("jdbc:h2:");
        String series = h2 ? "system_range(0, 525599) as s" : "generate_series(0, 525599) as s(i)";
        String index = h2 ? "s.\"X\"" : "s.i";
        String start = "timestamp with time zone '" + from.toString().replace("T", " ").replace("Z", "+00") + "' + "
                + index + " * interval '1' minute";
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                settings.password().orElse("")); Statement sql = connection.createStatement()) {
            sql.execute("insert into rollup (monitor, tier, bucket_start, checks, failures, errors, maintenance,"
                    + " degraded, down_ms, response_min_us, response_max_us, response_sum_us, latency)"
                    + " select m.id, 0, " + start + ", 2, 0, 0, 0, 0, 0, 20000, 21000, 41000, '57:2' from monitor m, " + series
                    + " where m.\"key\" = 'export'");
        }
    }

    /** Counts what is written and keeps nothing. */
    private static final class Counting extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
