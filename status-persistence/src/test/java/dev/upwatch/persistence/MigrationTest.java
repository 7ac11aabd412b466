package dev.upwatch.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Flyway migrations on both products: an empty database gets the schema, reopening changes nothing. */
class MigrationTest {
    @TempDir
    Path directory;

    private final List<Runnable> cleanUps = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanUps.reversed().forEach(Runnable::run);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void migratesAnEmptyDatabase(Vendor vendor) throws Exception {
        DatabaseSettings settings = emptyDatabase(vendor);

        try (Database database = Database.open(settings)) {
            assertTrue(database.isReachable());
        }

        assertTrue(tables(settings).containsAll(List.of("monitor", "sample", "flyway_schema_history")),
                tables(settings).toString());
        assertEquals(migrationFiles(vendor), DirectJdbc.queryLong(settings,
                "select count(*) from flyway_schema_history where success and version is not null"));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void openingAgainIsIdempotent(Vendor vendor) {
        DatabaseSettings settings = emptyDatabase(vendor);
        String history = "select count(*) from flyway_schema_history";
        Database.open(settings).close();
        long applied = DirectJdbc.queryLong(settings, history);

        try (Database first = Database.open(settings); Database second = Database.open(settings)) {
            assertTrue(first.isReachable());
            assertTrue(second.isReachable());
        }

        assertEquals(applied, DirectJdbc.queryLong(settings, history));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void refusesToOpenWhenAnAppliedMigrationWasChanged(Vendor vendor) {
        DatabaseSettings settings = emptyDatabase(vendor);
        Database.open(settings).close();
        DirectJdbc.execute(settings, "update flyway_schema_history set checksum = checksum + 1 where version = '1'");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.open(settings));

        assertTrue(e.getMessage().contains("migrat"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aCurrentSchemaIsKnownWithoutFlywayAndAMissingMigrationIsNot(Vendor vendor) throws Exception {
        DatabaseSettings settings = emptyDatabase(vendor);
        Database.open(settings).close();
        List<String> folders = new ArrayList<>(List.of(Migrations.COMMON_FOLDER));
        if (migrationFiles("db/migration/" + vendor.migrationFolder()) > 0) {
            folders.add("db/migration/" + vendor.migrationFolder());
        }
        ClassLoader classLoader = MigrationTest.class.getClassLoader();
        javax.sql.DataSource dataSource = new DirectDataSource(settings);

        // Our checksums are Flyway's: every file it applied is recognised, so a restart skips Flyway.
        assertTrue(Migrations.isCurrent(dataSource, classLoader, folders));

        long newest = DirectJdbc.queryLong(settings, "select max(installed_rank) from flyway_schema_history");
        DirectJdbc.execute(settings, "delete from flyway_schema_history where installed_rank = " + newest);
        assertFalse(Migrations.isCurrent(dataSource, classLoader, folders), "a migration not applied: Flyway runs");
    }

    /** Opens a plain connection per call; enough for {@link Migrations#isCurrent}. */
    private record DirectDataSource(DatabaseSettings settings) implements javax.sql.DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DirectJdbc.connect(settings);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    @Test
    void refusesToOpenAnUnreachableDatabase() {
        DatabaseSettings nowhere = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/upwatch", "upwatch",
                Optional.of("secret"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Database.open(nowhere));

        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
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

    private static TreeSet<String> tables(DatabaseSettings settings) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        try (Connection connection = DirectJdbc.connect(settings);
             ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    /** The versioned migrations this build ships for {@code vendor}: the common folder and the vendor's own. */
    private static long migrationFiles(Vendor vendor) throws IOException, URISyntaxException {
        return migrationFiles(Migrations.COMMON_FOLDER) + migrationFiles("db/migration/" + vendor.migrationFolder());
    }

    private static long migrationFiles(String location) throws IOException, URISyntaxException {
        URL folder = MigrationTest.class.getClassLoader().getResource(location);
        if (folder == null) {
            return 0;
        }
        assertTrue("file".equals(folder.getProtocol()), String.valueOf(folder));
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+(_\\d+)*__.+\\.sql")).count();
        }
    }
}
