package dev.upwatch.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PostgreSQL of {@code UPWATCH_TEST_JDBC_URL}, {@code UPWATCH_TEST_DB_USER} and {@code UPWATCH_TEST_DB_PASSWORD}
 * (as CI provides) for the web tests that need one: they fail, never skip, without it. Each test makes a database of
 * its own and drops it.
 */
public final class TestPostgres {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    /** A database made for one test: its name and JDBC URL. */
    public record Database(String name, String jdbcUrl) {
    }

    private TestPostgres() {
    }

    /** The environment variable, or a failure saying what to set. */
    public static String env(String name) {
        String value = System.getenv(name);
        assertNotNull(value, "this test needs PostgreSQL: set UPWATCH_TEST_JDBC_URL, UPWATCH_TEST_DB_USER and "
                + "UPWATCH_TEST_DB_PASSWORD (.ci/run does)");
        return value;
    }

    /** A new, empty database on the server. */
    public static Database create() throws Exception {
        Matcher url = URL.matcher(env("UPWATCH_TEST_JDBC_URL"));
        assertTrue(url.matches(), "a jdbc:postgresql://host/db URL");
        String name = "upwatch_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("create database " + name);
        return new Database(name, url.group(1) + name + (url.group(3) == null ? "" : url.group(3)));
    }

    /** Drops a database made by {@link #create}, closing any connection still on it. */
    public static void drop(Database database) throws Exception {
        // An autovacuum worker (a superuser session) may be visiting the fresh database, and a non-superuser's
        // "with (force)" cannot terminate it: wait for it to leave rather than fail the test.
        for (int attempt = 1; ; attempt++) {
            try {
                admin("drop database if exists " + database.name() + " with (force)");
                return;
            } catch (SQLException e) {
                if (attempt == 10 || !String.valueOf(e.getMessage()).contains("pg_signal_backend")) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    /** Reads one row of a query's answer. */
    public interface RowReader {
        void read(ResultSet row) throws Exception;
    }

    /** Runs {@code sql} on {@code database} as the test user, handing each row to {@code reader}. */
    public static void query(Database database, String sql, RowReader reader) {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), env("UPWATCH_TEST_DB_USER"),
                env("UPWATCH_TEST_DB_PASSWORD"));
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(env("UPWATCH_TEST_JDBC_URL"), env("UPWATCH_TEST_DB_USER"),
                env("UPWATCH_TEST_DB_PASSWORD")); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
