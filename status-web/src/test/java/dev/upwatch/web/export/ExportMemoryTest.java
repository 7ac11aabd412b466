package dev.upwatch.web.export;

import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An export streams: a year of one monitor's minute rollups (525,600 buckets, each with a latency row) is exported as
 * CSV and as JSON by a child JVM whose heap is capped at {@value #HEAP} — while reading the same rollups into a list,
 * as an export that does not stream would, runs out of memory under the same cap. On PostgreSQL (the cursor with a
 * fetch size; H2 streams through the same code, checked for content by the persistence contract, and measured once in
 * docs/benchmarks.md). The rollups are written by SQL, which takes seconds instead of the store's minutes.
 */
class ExportMemoryTest {
    private static final String HEAP = "-Xmx40m";
    private TestPostgres.Database database;

    @AfterEach
    void drop() throws Exception {
        if (database != null) {
            TestPostgres.drop(database);
        }
    }

    @Test
    void aYearOfMinuteRollupsStreamsWithinABoundedHeapOnPostgresql() throws Exception {
        database = TestPostgres.create();
        DatabaseSettings settings = new DatabaseSettings(database.jdbcUrl(), TestPostgres.env("UPWATCH_TEST_DB_USER"),
                Optional.of(TestPostgres.env("UPWATCH_TEST_DB_PASSWORD")));
        load(settings, "generate_series(0, 525599) as s(i)", "s.i");
        streamsWhereHoldingFails(settings);
    }

    private static void streamsWhereHoldingFails(DatabaseSettings settings) throws Exception {
        String streamed = child(settings, "stream", 0);
        for (String format : new String[] {"csv", "json"}) {
            Matcher rows = Pattern.compile("format=" + format + " rows=(\\d+) bytes=(\\d+)").matcher(streamed);
            assertTrue(rows.find(), streamed);
            assertEquals(525_600, Long.parseLong(rows.group(1)), streamed);
            assertTrue(Long.parseLong(rows.group(2)) > 525_600L * 60, "every row was written: " + streamed);
        }
        String held = child(settings, "hold", 3);
        assertTrue(held.contains("out of memory"), "the cap is below what holding the rows needs: " + held);
    }

    /** Runs {@link ExportMemoryProbe} with the capped heap and returns what it printed. */
    private static String child(DatabaseSettings settings, String mode, int expectedExit) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ExportMemoryProbe.class.getName(),
                settings.jdbcUrl(), settings.username(), settings.password().orElse(""), mode)
                .redirectErrorStream(true).start();
        byte[] output;
        try {
            output = process.getInputStream().readAllBytes(); // until the child ends and closes its output
            assertTrue(process.waitFor(1, TimeUnit.MINUTES), "the child finished");
        } finally {
            process.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(expectedExit, process.exitValue(), text);
        System.out.println("ExportMemoryTest " + mode + " on " + settings.jdbcUrl().replaceAll("/[^/]*$", "/…") + ": "
                + text.lines().filter(line -> line.startsWith("format=") || line.startsWith("held")).toList());
        return text;
    }

    /** Migrates the database and writes a year of minute rollups of monitor {@code year} with one latency row each. */
    private static void load(DatabaseSettings settings, String series, String index) throws Exception {
        try (Database migrated = Database.open(settings)) {
            assertTrue(migrated.migrationsApplied() > 0);
        }
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.username(),
                settings.password().orElse("")); Statement sql = connection.createStatement()) {
            sql.execute("insert into monitor (\"key\") values ('year')");
            String start = "timestamp with time zone '2025-01-01 00:00:00+00' + " + index + " * interval '1' minute";
            sql.execute("insert into rollup (monitor, tier, bucket_start, checks, failures, errors, maintenance,"
                    + " degraded, down_ms, response_min_us, response_max_us, response_sum_us, latency)"
                    + " select m.id, 0, " + start + ", 2, 0, 0, 0, 0, 0, 20000, 21000, 41000, '57:2'"
                    + " from monitor m, " + series + " where m.\"key\" = 'year'");
        }
    }
}
