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
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's path on PostgreSQL: {@code token create} and {@code token revoke} run from the CLI against the
 * database of a running server, and the revocation holds from the server's next request. Needs the PostgreSQL
 * of {@code UPWATCH_TEST_JDBC_URL} (as CI provides); fails, never skips, without it.
 */
class LiveRevocationTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private UpwatchApplication app;
    private TestPostgres.Database database;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            TestPostgres.drop(database);
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
        database = TestPostgres.create();
        Path file = dir.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { jdbc-url: "%s", username: "${UPWATCH_TEST_DB_USER}", password: "${UPWATCH_TEST_DB_PASSWORD}" }
                monitors:
                  - { id: closed, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                """.formatted(database.jdbcUrl()));
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
