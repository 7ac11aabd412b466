package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Maintenance windows through the admin API on a real server: in force at once, stored, restored at start. */
class AdminMaintenanceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private Path file;
    private FlippableTarget target;
    private UpwatchApplication app;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        target = new FlippableTarget();
        file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: target, name: "Target", group: Backend, type: http, url: "%s", interval: 1s, timeout: 800ms }
                maintenance:
                  - { title: "Nightly backup", monitors: [target], cron: "0 3 * * *", duration: 30m }
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl()), StandardCharsets.UTF_8);
        restart();
    }

    private void restart() throws Exception {
        if (app != null) {
            app.close();
        }
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        adminToken = app.tokens().create("maintenance-test", TokenScope.ADMIN).secret().value();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        target.close();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + adminToken);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private String status() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/services/target"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("service").get("status").asText();
    }

    private static String window(String id, String group) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                {"id": "%s", "title": "Database upgrade", "groups": ["%s"], "start": "%s", "end": "%s"}"""
                .formatted(id, group, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));
    }

    @Test
    void theFilesWindowsAreListedAsConfigAndAreReadOnly() throws Exception {
        JsonNode list = json(admin("GET", "api/v1/admin/maintenance", null), 200).get("maintenance");
        assertEquals(1, list.size(), list.toString());
        assertEquals("config-1", list.get(0).get("id").asText());
        assertEquals("config", list.get(0).get("source").asText());
        assertEquals("0 3 * * *", list.get(0).get("schedule").asText());
        assertEquals("[\"target\"]", list.get(0).get("services").toString());
        assertEquals(409, admin("PUT", "api/v1/admin/maintenance/config-1", window("config-1", "Backend")).statusCode());
        assertEquals(409, admin("DELETE", "api/v1/admin/maintenance/config-1", null).statusCode());
        assertEquals(409, admin("POST", "api/v1/admin/maintenance", window("config-7", "Backend")).statusCode());
        assertEquals(404, admin("GET", "api/v1/admin/maintenance/nope", null).statusCode());
    }

    @Test
    void aCreatedWindowIsInForceAtOnceSurvivesARestartAndDeletingEndsIt() throws Exception {
        UpwatchServerTest.await("target up", Duration.ofSeconds(15), () -> status().equals("up"));
        target.answer(503);
        HttpResponse<String> created = admin("POST", "api/v1/admin/maintenance", window("db-upgrade", "Backend"));
        JsonNode body = json(created, 201);
        assertEquals("/api/v1/admin/maintenance/db-upgrade",
                java.net.URI.create(created.headers().firstValue("location").orElseThrow()).getPath());
        assertEquals("api", body.get("source").asText());
        assertTrue(body.get("active").asBoolean(), body.toString());
        assertEquals("[\"target\"]", body.get("services").toString(), "the group resolves to its monitors");
        UpwatchServerTest.await("target in maintenance", Duration.ofSeconds(15), () -> status().equals("maintenance"));
        JsonNode announced = json(HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString()), 200).get("maintenance");
        assertTrue(announced.toString().contains("Database upgrade"), announced.toString());

        restart();
        JsonNode restored = json(admin("GET", "api/v1/admin/maintenance/db-upgrade", null), 200);
        assertEquals("Database upgrade", restored.get("definition").get("title").asText());
        UpwatchServerTest.await("target in maintenance after the restart", Duration.ofSeconds(15),
                () -> status().equals("maintenance"));

        JsonNode replaced = json(admin("PUT", "api/v1/admin/maintenance/db-upgrade",
                window("db-upgrade", "Backend").replace("Database upgrade", "Database upgrade, part 2")), 200);
        assertEquals("Database upgrade, part 2", replaced.get("title").asText());
        assertEquals(204, admin("DELETE", "api/v1/admin/maintenance/db-upgrade", null).statusCode());
        UpwatchServerTest.await("target down once the window is gone", Duration.ofSeconds(15),
                () -> status().equals("down"));
        assertEquals(List.of("config-1"), ids(json(admin("GET", "api/v1/admin/maintenance", null), 200)));
        restart();
        assertEquals(List.of("config-1"), ids(json(admin("GET", "api/v1/admin/maintenance", null), 200)));
    }

    @Test
    void invalidWindowsAreProblemsNamingTheFieldLikeTheFile() throws Exception {
        JsonNode problem = json(admin("POST", "api/v1/admin/maintenance", """
                {"id": "x", "title": "", "monitors": ["nope"], "cron": "every night", "duration": "long", "colour": 1}"""), 400);
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertTrue(fields.containsAll(List.of("title", "monitors[0]", "duration", "colour")), problem.toString());
        JsonNode noId = json(admin("POST", "api/v1/admin/maintenance", window("Bad Id!", "Backend")), 400);
        assertEquals("id", noId.get("errors").get(0).get("field").asText());
        json(admin("POST", "api/v1/admin/maintenance", window("w", "Backend")), 201);
        assertEquals(409, admin("POST", "api/v1/admin/maintenance", window("w", "Backend")).statusCode());
        assertEquals(409, admin("PUT", "api/v1/admin/maintenance/w", window("other", "Backend")).statusCode());
    }

    @Test
    void answersHaveExactlyTheDocumentedProperties() throws Exception {
        JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/openapi.json"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        List<String> problems = new ArrayList<>();
        JsonNode created = json(admin("POST", "api/v1/admin/maintenance", window("w", "Backend")), 201);
        OpenApiShape.check(document, created, document.at("/components/schemas/AdminMaintenance"), "AdminMaintenance", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/maintenance", null), 200),
                document.at("/components/schemas/AdminMaintenanceList"), "AdminMaintenanceList", problems);
        assertEquals(List.of(), problems);
        for (String path : List.of("/api/v1/admin/maintenance", "/api/v1/admin/maintenance/{id}")) {
            assertTrue(document.get("paths").has(path), path + " is documented");
        }
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("maintenance").forEach(w -> ids.add(w.get("id").asText()));
        return ids;
    }
}
