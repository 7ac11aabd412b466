package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * Push monitors and maintenance windows through the real server: pushes over HTTP decide a push monitor's status,
 * and a failing monitor inside an open window shows MAINTENANCE, never DOWN, with the window listed by the API and
 * on the page.
 */
class PushAndMaintenanceTest {
    private static final String TOKEN = "k3Jq9x2LmP0vR7sT5wY8zA1bC4dE6fG";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static UpwatchApplication app;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("upwatch-push");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: nightly-backup, name: "Nightly backup", type: push, token: "%s", interval: 1h, grace: 10m }
                  - { id: db, name: Database, group: Backend, type: tcp, host: 127.0.0.1, port: 9, interval: 1s, timeout: 800ms,
                      failure-threshold: 1 }
                maintenance:
                  - { title: "Database upgrade", groups: [Backend], start: "%s", end: "%s" }
                  - { title: "Backup rotation", monitors: [nightly-backup], cron: "0 3 * * *", duration: 30m }
                """.formatted(data.toString().replace("\\", "/"), TOKEN, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofHours(1)));
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(PushAndMaintenanceTest.class.getClassLoader()), Map.of())
                .parse(yaml, "test.yml", data);
        app = UpwatchApplication.start(config, Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode service(String id) throws Exception {
        for (JsonNode service : JSON.readTree(send("GET", "api/v1/status").body()).get("services")) {
            if (service.get("id").asText().equals(id)) {
                return service;
            }
        }
        throw new AssertionError("no " + id);
    }

    @Test
    void pushesDecideThePushMonitorsStatus() throws Exception {
        HttpResponse<String> up = send("POST", "api/v1/push/" + TOKEN + "?msg=42%20files");
        assertEquals(200, up.statusCode(), up.body());
        JsonNode body = JSON.readTree(up.body());
        assertEquals("nightly-backup", body.get("monitor").asText());
        assertEquals("up", body.get("status").asText());
        UpwatchServerTest.await("backup up", Duration.ofSeconds(15),
                () -> service("nightly-backup").get("status").asText().equals("up"));

        HttpResponse<String> down = send("GET", "api/v1/push/" + TOKEN + "?status=down&msg=disk%20full");
        assertEquals(200, down.statusCode(), down.body());
        UpwatchServerTest.await("backup down", Duration.ofSeconds(15),
                () -> service("nightly-backup").get("status").asText().equals("down"));
        JsonNode detail = JSON.readTree(send("GET", "api/v1/services/nightly-backup?limit=1").body());
        assertTrue(detail.toString().contains("push reported down: disk full"), detail.toString());

        send("POST", "api/v1/push/" + TOKEN);
        UpwatchServerTest.await("backup up again", Duration.ofSeconds(15),
                () -> service("nightly-backup").get("status").asText().equals("up"));
    }

    @Test
    void unknownTokensAndBadStatusesAreProblemDocuments() throws Exception {
        HttpResponse<String> unknown = send("POST", "api/v1/push/not-a-token-of-any-monitor-here");
        assertEquals(404, unknown.statusCode());
        assertEquals("application/problem+json", unknown.headers().firstValue("content-type").orElseThrow());
        assertTrue(unknown.body().contains("no push monitor has this token"), unknown.body());

        HttpResponse<String> bad = send("POST", "api/v1/push/" + TOKEN + "?status=sideways");
        assertEquals(400, bad.statusCode());
        assertEquals("application/problem+json", bad.headers().firstValue("content-type").orElseThrow());
        assertTrue(bad.body().contains("status: must be up or down"), bad.body());
    }

    @Test
    void aFailingMonitorInAnOpenWindowIsUnderMaintenanceNotDown() throws Exception {
        UpwatchServerTest.await("db in maintenance", Duration.ofSeconds(15),
                () -> service("db").get("status").asText().equals("maintenance"));
        UpwatchServerTest.await("a few more failed checks of db", Duration.ofSeconds(15),
                () -> JSON.readTree(send("GET", "api/v1/services/db?limit=3").body()).toString().split("in maintenance").length > 3);
        assertEquals("maintenance", service("db").get("status").asText(), "failures inside the window never make it DOWN");
        JsonNode samples = JSON.readTree(send("GET", "api/v1/services/db?limit=3").body());
        assertTrue(samples.toString().contains("in maintenance (Database upgrade): "), samples.toString());
        assertEquals(List.of(), JSON.readTree(send("GET", "api/v1/incidents").body()).findValues("services").stream()
                .filter(s -> s.toString().contains("\"db\"")).toList(), "no incident is opened for db");
    }

    @Test
    void openAndUpcomingWindowsAreListedByTheApiAndOnThePage() throws Exception {
        JsonNode status = JSON.readTree(send("GET", "api/v1/status").body());
        JsonNode windows = status.get("maintenance");
        assertEquals(2, windows.size(), windows.toString());
        assertEquals("Database upgrade", windows.get(0).get("title").asText());
        assertTrue(windows.get(0).get("active").asBoolean());
        assertEquals("[\"db\"]", windows.get(0).get("services").toString());
        assertEquals("Backup rotation", windows.get(1).get("title").asText());
        assertEquals("0 3 * * *", windows.get(1).get("schedule").asText());

        JsonNode document = JSON.readTree(send("GET", "api/v1/openapi.json").body());
        List<String> problems = new ArrayList<>();
        OpenApiShape.check(document, status, document.at("/components/schemas/Status"), "Status", problems);
        JsonNode push = JSON.readTree(send("POST", "api/v1/push/" + TOKEN).body());
        OpenApiShape.check(document, push, document.at("/components/schemas/Push"), "Push", problems);
        assertEquals(List.of(), problems);

        String page = send("GET", "").body();
        assertTrue(page.contains("In progress") && page.contains("Database upgrade"), page);
        assertTrue(page.contains("Backup rotation"), page);
    }
}
