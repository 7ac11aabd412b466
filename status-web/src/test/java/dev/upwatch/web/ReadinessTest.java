package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.memory.FixedMonitorCatalog;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.api.ReadinessResource;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadinessTest {

    @Test
    void aRunningInstanceIsReady(@TempDir Path data) throws Exception {
        try (FlippableTarget target = new FlippableTarget(); WebhookReceiver receiver = new WebhookReceiver();
             UpwatchApplication app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"),
                     Clock.systemUTC(), UpwatchServerTest.fastEngine())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(app.baseUri().resolve("readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertEquals("ready", body.get("status").asText());
            assertEquals("up", body.get("checks").get("database").asText());
            assertTrue(body.get("checks").get("migrations").asText().startsWith("current ("), body.toString());
            assertEquals("running, 2 monitors", body.get("checks").get("scheduler").asText());
        }
    }

    @Test
    void theStartRendersTheFirstPageFromTheStoredStatusesBesideTheWebServer(@TempDir Path data) throws Exception {
        try (FlippableTarget target = new FlippableTarget(); WebhookReceiver receiver = new WebhookReceiver();
             UpwatchApplication app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"),
                     Clock.systemUTC(), UpwatchServerTest.fastEngine())) {
            String phases = app.startSummary();
            int stored = phases.indexOf("stored statuses ");
            int server = phases.indexOf("web server ");
            int firstPage = phases.indexOf("first page ");
            assertTrue(stored >= 0 && stored < server && server < firstPage, phases);
            assertTrue(phases.matches(".*first page \\d+ ms \\(rendered in \\d+ ms .*"), phases);
        }
    }

    @Test
    void storedStatusesComeBeforeTheChecksAndReadinessOnlyAfterEveryMonitorIsPlanned(@TempDir Path data) {
        List<Monitor> monitors = List.of(monitor("a"), monitor("b"));
        try (Database database = Database.open(DatabaseSettings.embedded(data))) {
            UpwatchEngine engine = new UpwatchEngine(new FixedMonitorCatalog(monitors),
                    ProbeRegistry.load(ReadinessTest.class.getClassLoader()), new InMemorySampleStore(), List.of(),
                    Clock.systemUTC(), EngineSettings.defaults());
            ReadinessResource readiness = new ReadinessResource(engine, database);

            engine.restore(); // what the application does before its listener opens

            // The page can show every monitor (with its stored status) already, but the instance is not ready yet.
            assertEquals(List.of("a", "b"), engine.statusQuery().snapshot().services().stream()
                    .map(s -> s.monitor().id().value()).toList());
            assertEquals(503, readiness.readiness().getStatus());
            assertEquals("stopped", ((ReadinessResource.ReadinessJson) readiness.readiness().getEntity()).checks()
                    .get("scheduler"));

            engine.start();
            assertEquals(200, readiness.readiness().getStatus());
            assertEquals("running, 2 monitors", ((ReadinessResource.ReadinessJson) readiness.readiness().getEntity())
                    .checks().get("scheduler"));
            engine.close();
        }
    }

    /** An http monitor of a closed loopback port, checked hourly: planned, never due in the test. */
    private static Monitor monitor(String id) {
        return Monitor.builder(MonitorId.of(id), id.toUpperCase(java.util.Locale.ROOT), new ProbeSpec("http",
                ProbeSettings.of(Map.of("url", "http://127.0.0.1:9/")))).interval(java.time.Duration.ofHours(1)).build();
    }

    @Test
    void anUnreachableDatabaseOrAStoppedSchedulerIsNotReady(@TempDir Path data) {
        Database database = Database.open(DatabaseSettings.embedded(data));
        UpwatchEngine engine = new UpwatchEngine(new FixedMonitorCatalog(List.of()), ProbeRegistry.of(),
                new InMemorySampleStore(), List.of(), Clock.systemUTC(), EngineSettings.defaults());
        ReadinessResource readiness = new ReadinessResource(engine, database);
        engine.start();
        assertEquals(200, readiness.readiness().getStatus());

        database.close();
        Response closedDatabase = readiness.readiness();
        assertEquals(503, closedDatabase.getStatus());
        assertEquals(Map.of("database", "unreachable", "migrations",
                "current (" + database.migrationsApplied() + " applied at start)",
                "scheduler", "running, 0 monitors"),
                ((ReadinessResource.ReadinessJson) closedDatabase.getEntity()).checks());

        engine.close();
        assertEquals("stopped", ((ReadinessResource.ReadinessJson) readiness.readiness().getEntity()).checks().get("scheduler"));
    }
}
