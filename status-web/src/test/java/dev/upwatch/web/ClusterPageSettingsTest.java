package dev.upwatch.web;

import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Page settings changed in the console of one node reach the open pages of another, with two nodes of a cluster in
 * this JVM on the suite's PostgreSQL: an admin saves a new title on node A; node B's open page (its live stream) is
 * told to reload, and B's page then shows the title. The time from the save to B's reload event is printed; only a
 * generous bound is asserted (a measurement, not a speed goal of the suite).
 */
class ClusterPageSettingsTest {
    private static final Pattern TAG = Pattern.compile("id=\"live-version\" data-version=\"([^\"]+)\"");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<UpwatchApplication> nodes = new ArrayList<>();
    private TestPostgres.Database database;

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(UpwatchApplication::close);
        if (database != null) {
            TestPostgres.drop(database);
        }
    }

    @Test
    void aTitleSavedOnOneNodeReachesAnOpenPageOfAnother() throws Exception {
        database = TestPostgres.create();
        UpwatchApplication a = start("a-1");
        UpwatchApplication b = start("b-1");
        a.accounts().add(new UserName("ada"), Role.ADMIN, ConsoleBrowserTest.ADA_PASSWORD.toCharArray());

        HttpClient client = HttpClient.newHttpClient();
        InputStream events = InputStream.nullInputStream();
        try {
            String before = get(client, b.baseUri());
            assertTrue(before.contains("<title>Cluster page"), before);
            Matcher tag = TAG.matcher(before);
            assertTrue(tag.find(), before);
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(b.baseUri()
                    .resolve("live?page=/&since=" + tag.group(1))).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, stream.statusCode());
            events = stream.body();
            InputStream open = events;
            CompletableFuture<Long> reloaded = CompletableFuture.supplyAsync(() -> awaitReload(open),
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());

            ConsoleHttp console = new ConsoleHttp(a);
            ConsoleHttp.Session admin = console.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
            long saving = System.nanoTime();
            assertEquals(303, console.post(admin, "admin/page", "title", "Saved on A", "action", "save").statusCode());
            long reload = reloaded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long millis = (reload - saving) / 1_000_000;
            System.out.printf("ClusterPageSettingsTest: node B's open page told to reload %d ms after the save on A%n",
                    millis);
            assertTrue(millis < Duration.ofSeconds(10).toMillis(), "took " + millis + " ms");
            String after = get(client, b.baseUri());
            assertTrue(after.contains("<title>Saved on A"), after);
        } finally {
            events.close(); // an open event stream never ends by itself: closing the client would wait for it
            client.shutdownNow();
        }
    }

    /** Reads the event stream until its {@code reload} event; the time it arrived (nanoTime). */
    private static long awaitReload(InputStream events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("event: reload")) {
                    return System.nanoTime();
                }
            }
            throw new IllegalStateException("the stream ended without a reload");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private UpwatchApplication start(String node) throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { jdbc-url: "%s", username: "%s", password: "%s" }
                cluster: { node-id: %s, location: fra, lease: 3s }
                page: { title: "Cluster page" }
                monitors:
                  - { id: web, name: "Web", type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                """.formatted(database.jdbcUrl(), TestPostgres.env("UPWATCH_TEST_DB_USER"),
                TestPostgres.env("UPWATCH_TEST_DB_PASSWORD"), node);
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .parse(yaml, node + ".yml", dir);
        UpwatchApplication app = UpwatchApplication.start(config, Clock.systemUTC(), UpwatchServerTest.fastEngine());
        nodes.add(app);
        return app;
    }

    private static String get(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        return response.body();
    }
}
