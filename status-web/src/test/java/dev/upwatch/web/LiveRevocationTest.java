package dev.upwatch.web;

import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's path on PostgreSQL: {@code token create} and {@code token revoke} run from the CLI against the
 * database of a running server, and the revocation holds from the server's next request. Needs the PostgreSQL
 * of {@code UPWATCH_TEST_JDBC_URL} (as CI provides); fails, never skips, without it.
 */
class LiveRevocationTest {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private final HttpClient http = HttpClient.newHttpClient();
    private UpwatchApplication app;
    private String database;

    @TempDir
    Path dir;

    private static String env(String name) {
        String value = System.getenv(name);
        assertNotNull(value, "this test needs PostgreSQL: set UPWATCH_TEST_JDBC_URL, UPWATCH_TEST_DB_USER and "
                + "UPWATCH_TEST_DB_PASSWORD (.ci/run does)");
        return value;
    }

    private static void admin(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(env("UPWATCH_TEST_JDBC_URL"), env("UPWATCH_TEST_DB_USER"),
                env("UPWATCH_TEST_DB_PASSWORD")); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            admin("drop database if exists " + database + " with (force)");
        }
    }

    private String cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private int adminStatus(String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/admin/monitors"))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aTokenRevokedFromTheCliIsRefusedOnTheServersNextRequest() throws Exception {
        Matcher url = URL.matcher(env("UPWATCH_TEST_JDBC_URL"));
        assertTrue(url.matches(), "a jdbc:postgresql://host/db URL");
        database = "upwatch_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin("create database " + database);
        Path file = dir.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { jdbc-url: "%s", username: "${UPWATCH_TEST_DB_USER}", password: "${UPWATCH_TEST_DB_PASSWORD}" }
                monitors:
                  - { id: closed, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                """.formatted(url.group(1) + database + (url.group(3) == null ? "" : url.group(3))));
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), System.getenv())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());

        String created = cli("token", "create", "--scope", "admin", "--name", "deploy", "--config", file.toString());
        Matcher secret = Pattern.compile("upw_[A-Za-z0-9_-]{43}").matcher(created);
        Matcher id = Pattern.compile("Created token (\\S+) ").matcher(created);
        assertTrue(secret.find() && id.find(), created);
        assertEquals(200, adminStatus(secret.group()), "accepted: past the filter, the admin monitor list");
        assertTrue(cli("token", "list", "--config", file.toString()).matches("(?s).*" + id.group(1) + ".*deploy.*admin.*"));

        cli("token", "revoke", id.group(1), "--config", file.toString());
        assertEquals(401, adminStatus(secret.group()), "the very next request");
    }
}
