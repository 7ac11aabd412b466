package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the real {@link Main} in a child JVM with JSON logging, an H2 database with a password and a signed webhook;
 * then stops it with SIGTERM ({@link Process#destroy()}). Checks that standard output is one JSON object per line,
 * that each status change is one line with its fields, that neither the database password nor the webhook secret
 * is ever printed, and that every check counted before SIGTERM is in the database afterwards (flushed on exit).
 */
class ServeProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BASE_URI = Pattern.compile("at (http://\\S+/) \\(");
    /** Prometheus' token: {@code /metrics} needs one. */
    private static final dev.upwatch.core.model.TokenSecret SCRAPE = dev.upwatch.core.model.TokenSecret.generate();
    private static final Pattern CHECKS = Pattern.compile("(?m)^upwatch_checks_total\\{[^}]*} ([0-9.E]+)$");

    @TempDir
    Path dir;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final AtomicInteger webhooks = new AtomicInteger();
    private HttpServer target;
    private HttpServer receiver;
    private Process process;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (target != null) {
            target.stop(0);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void jsonLogsWithoutSecretsAndSamplesFlushedOnSigterm() throws Exception {
        SecureRandom random = new SecureRandom();
        String dbPassword = "db-" + HexFormat.of().formatHex(random.generateSeed(12));
        byte[] key = new byte[24];
        random.nextBytes(key);
        String secretKey = Base64.getEncoder().encodeToString(key);
        target = serve(204, null);
        receiver = serve(204, webhooks);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("db/upwatch") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
        Path config = dir.resolve("upwatch.yml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0, auth: { tokens: [ { name: scrape, scope: read, digest: "%s" } ] } }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage:
                  jdbc-url: "%s"
                  username: upwatch
                  password: "%s"
                logging: { format: json, level: info }
                monitors:
                  - { id: web, type: http, url: "http://127.0.0.1:%d/", interval: 1s, timeout: 1s }
                  - { id: gone, type: tcp, host: 127.0.0.1, port: %d, interval: 1s, timeout: 1s, failure-threshold: 1 }
                  - { id: meta, type: http, url: "http://169.254.169.254/latest/meta-data/", interval: 1s, timeout: 1s }
                notifications:
                  - { id: ops, type: webhook, url: "http://127.0.0.1:%d/hook", secret: "whsec_%s" }
                """.formatted(SCRAPE.digest(), jdbcUrl, dbPassword, target.getAddress().getPort(), closedPort,
                receiver.getAddress().getPort(), secretKey));

        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString())
                .start();
        Thread out = collect(process.getInputStream(), stdout);
        Thread err = collect(process.getErrorStream(), stderr);

        String banner = await(line -> line.contains("Upwatch serving"));
        Matcher base = BASE_URI.matcher(banner);
        assertTrue(base.find(), banner);
        JsonNode change = JSON.readTree(await(line -> line.contains("\"dev.upwatch.status\"") && line.contains("\"gone\"")));
        assertEquals("gone", change.path("monitor").asText());
        assertEquals("down", change.path("to").asText());
        assertEquals("INFO", change.path("level").asText());
        assertFalse(change.path("reason").asText().isBlank(), change.toString());
        awaitTrue(() -> webhooks.get() > 0, "a webhook delivery");
        JsonNode blocked = JSON.readTree(await(line -> line.contains("\"dev.upwatch.status\"") && line.contains("\"meta\"")));
        assertEquals("WARN", blocked.path("level").asText());
        assertEquals("blocked by egress policy: 169.254.169.254 is a cloud metadata address", blocked.path("reason").asText());

        double checksBeforeStop = checksCounted(URI.create(base.group(1)));
        assertTrue(checksBeforeStop > 0);
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not exit after SIGTERM");
        out.join(10_000);
        err.join(10_000);

        for (String line : stdout) {
            JsonNode record = parse(line);
            for (String field : List.of("timestamp", "level", "logger", "message")) {
                assertTrue(record.hasNonNull(field), "no " + field + " in " + line);
            }
        }
        assertEquals(1, stdout.stream().filter(l -> l.contains("\"dev.upwatch.status\"") && l.contains("\"monitor\":\"gone\"")
                && l.contains("\"to\":\"down\"")).count(), "one line for gone going down");
        assertEquals(1, stdout.stream().filter(l -> l.contains("\"monitor\":\"meta\"")).count(),
                "one warning for meta's blocked checks, however many there were");
        List<String> everything = new ArrayList<>(stdout);
        everything.addAll(stderr);
        for (String line : everything) {
            assertFalse(line.contains(dbPassword), "database password printed: " + line);
            assertFalse(line.contains(secretKey), "webhook secret printed: " + line);
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl, "upwatch", dbPassword);
             ResultSet rows = db.createStatement().executeQuery(
                     // Wherever a sample is: raw rows, the sample journal's rows, packed blocks (docs/storage.md).
                     "select (select count(*) from sample) + (select coalesce(sum(sample_count), 0) from sample_journal)"
                             + " + (select coalesce(sum(sample_count), 0) from sample_block)")) {
            assertTrue(rows.next());
            assertTrue(rows.getLong(1) >= checksBeforeStop, rows.getLong(1) + " samples stored, "
                    + checksBeforeStop + " checks counted before SIGTERM");
        }
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            assertTrue(node.isObject(), line);
            return node;
        } catch (IOException e) {
            return fail("not one JSON object: " + line);
        }
    }

    private static double checksCounted(URI base) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String metrics = client.send(HttpRequest.newBuilder(base.resolve("metrics"))
                            .header("Authorization", "Bearer " + SCRAPE.value()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double total = 0;
            Matcher m = CHECKS.matcher(metrics);
            while (m.find()) {
                total += Double.parseDouble(m.group(1));
            }
            return total;
        }
    }

    private String await(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (String line : stdout) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                fail("the process ended early: " + String.join("\n", stdout) + String.join("\n", stderr));
            }
            Thread.sleep(50);
        }
        return fail("not logged within 90 s; stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr));
    }

    private void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within 90 s");
            }
            Thread.sleep(50);
        }
    }

    private static Thread collect(InputStream stream, List<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private static HttpServer serve(int status, AtomicInteger counter) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (counter != null) {
                counter.incrementAndGet();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }
}
