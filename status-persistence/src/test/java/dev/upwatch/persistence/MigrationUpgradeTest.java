package dev.upwatch.persistence;

import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upgrading a database at V3, the last released schema, with samples in it: every sample reads back unchanged
 * after the current migrations ran, and on PostgreSQL the table is then partitioned.
 */
class MigrationUpgradeTest {
    private static final MonitorId API = MonitorId.of("api");
    private static final MonitorId WEB = MonitorId.of("web");
    private static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    @TempDir
    Path directory;

    private final List<Runnable> cleanUps = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanUps.reversed().forEach(Runnable::run);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void keepsEverySampleOfAVersion3Database(Vendor vendor) throws SQLException {
        DatabaseSettings settings = emptyDatabase(vendor);
        migrateTo(settings, vendor, "3");
        List<Sample> apiSamples = List.of(
                new Sample(API, NOON, Duration.ofMillis(120), Outcome.SUCCESS, Optional.empty(),
                        List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true))),
                new Sample(API, NOON.plusSeconds(30), Duration.ofHours(30), Outcome.FAILURE, Optional.empty(),
                        List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (503) == 200", false))),
                new Sample(API, NOON.plusSeconds(60), Duration.ZERO, Outcome.ERROR, Optional.of("connection refused"),
                        List.of()));
        Sample webSample = new Sample(WEB, Instant.parse("2026-03-15T00:00:00.123456Z"), Duration.ofNanos(7_000),
                Outcome.SUCCESS, Optional.empty(), List.of());
        try (Connection connection = DirectJdbc.connect(settings)) {
            connection.createStatement().execute("insert into monitor (id, \"key\") values (1, 'api'), (2, 'web')");
            for (Sample sample : apiSamples) {
                insertVersion3Sample(connection, 1, sample);
            }
            insertVersion3Sample(connection, 2, webSample);
        }

        try (Database database = Database.open(settings)) {
            assertTrue(database.migrationsApplied() > 0);

            assertEquals(apiSamples.reversed(), database.sampleStore().recent(API, 10));
            assertEquals(List.of(webSample), database.sampleStore().recent(WEB, 10));
            assertEquals(apiSamples, database.sampleStore().between(API, NOON, NOON.plus(Duration.ofDays(2)), 10));
            if (vendor == Vendor.POSTGRESQL) {
                assertEquals('p', (char) DirectJdbc.queryLong(settings,
                        "select ascii(relkind::text) from pg_class where relname = 'sample'"));
                assertEquals(4, DirectJdbc.queryLong(settings, "select count(*) from sample_default"));
            }

            // The upgraded rows are packed like any others once their day is over, and read back the same.
            SampleMaintenance.Result packed = database.sampleMaintenance(Duration.ofDays(30),
                    java.time.Clock.systemUTC()).runOnce(Instant.parse("2026-03-16T06:00:00Z"));
            assertEquals(4, packed.samplesPacked());
            assertEquals(apiSamples.reversed(), database.sampleStore().recent(API, 10));
            assertEquals(List.of(webSample), database.sampleStore().recent(WEB, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void movesTheStoredHistogramsIntoTheirRollupRows(Vendor vendor) throws SQLException {
        DatabaseSettings settings = emptyDatabase(vendor);
        migrateTo(settings, vendor, "36");
        try (Connection connection = DirectJdbc.connect(settings)) {
            var sql = connection.createStatement();
            sql.execute("insert into monitor (id, \"key\") values (1, 'api'), (2, 'web')");
            // api: a minute with three timed checks in two latency buckets and an error; web: only an error.
            sql.execute("insert into rollup (monitor, tier, bucket_start, checks, failures, errors, maintenance,"
                    + " degraded, down_ms, response_min_us, response_max_us, response_sum_us) values"
                    + " (1, 0, timestamp with time zone '2026-03-14 12:00:00+00', 4, 1, 1, 0, 0, 0, 20000, 90000, 130000),"
                    + " (2, 0, timestamp with time zone '2026-03-14 12:00:00+00', 1, 0, 1, 0, 0, 0, 0, 0, 0)");
            sql.execute("insert into rollup_latency (monitor, tier, bucket_start, latency_bucket, checks) values"
                    + " (1, 0, timestamp with time zone '2026-03-14 12:00:00+00', 70, 1),"
                    + " (1, 0, timestamp with time zone '2026-03-14 12:00:00+00', 57, 2)");
        }

        try (Database database = Database.open(settings)) {
            List<dev.upwatch.core.model.Rollup> api = database.rollupStore().series(API,
                    dev.upwatch.core.model.RollupTier.MINUTE, NOON, NOON.plusSeconds(60));
            assertEquals(1, api.size());
            assertEquals(new java.util.TreeMap<>(java.util.Map.of(57, 2L, 70, 1L)), api.getFirst().histogram());
            assertEquals(4, api.getFirst().checks());
            List<dev.upwatch.core.model.Rollup> web = database.rollupStore().series(WEB,
                    dev.upwatch.core.model.RollupTier.MINUTE, NOON, NOON.plusSeconds(60));
            assertEquals(List.of(), List.copyOf(web.getFirst().histogram().keySet()));
            assertEquals(0, DirectJdbc.queryLong(settings, "select count(*) from information_schema.tables"
                    + " where table_name = 'rollup_latency'"));
        }
    }

    /** Applies the migrations up to {@code version}, as a release of that schema left the database. */
    private void migrateTo(DatabaseSettings settings, Vendor vendor, String version) {
        Flyway.configure(getClass().getClassLoader())
                .dataSource(settings.jdbcUrl(), settings.username(), settings.password().orElse(""))
                .locations("classpath:" + Migrations.COMMON_FOLDER, "classpath:db/migration/" + vendor.migrationFolder())
                .target(version)
                .load()
                .migrate();
    }

    /** A row as V1 to V3 stored it, with the bigint id those versions had. */
    private static void insertVersion3Sample(Connection connection, int monitor, Sample sample) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into sample (monitor, started_at, "
                + "response_time_us, outcome, error, condition_results) values (?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, monitor);
            insert.setObject(2, JooqSampleStore.toDatabase(sample.startedAt()));
            insert.setLong(3, JooqSampleStore.toMicros(sample.responseTime()));
            insert.setShort(4, JooqSampleStore.outcomeCode(sample.outcome()));
            insert.setString(5, sample.error().orElse(null));
            insert.setString(6, ConditionResultsCodec.encode(sample.conditionResults()));
            insert.executeUpdate();
        }
    }

    private DatabaseSettings emptyDatabase(Vendor vendor) {
        return switch (vendor) {
            case H2 -> DatabaseSettings.embedded(directory);
            case POSTGRESQL -> {
                PostgresServer server = PostgresServer.get();
                DatabaseSettings settings = server.createDatabase();
                cleanUps.add(() -> server.dropDatabase(settings));
                yield settings;
            }
        };
    }
}
