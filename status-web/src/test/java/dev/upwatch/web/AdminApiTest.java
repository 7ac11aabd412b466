package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigException;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API on a real server: monitors from the file and the API, reload, incidents. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A duration whose days overflow a long's milliseconds (and a Duration's seconds). */
    private static final String HUGE = "9223372036854775807d";

    @TempDir
    Path data;
    private Path file;
    private FlippableTarget target;
    private UpwatchApplication app;
    private UpwatchApplication adminTokenOf;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        target = new FlippableTarget();
        file = data.resolve("upwatch.yml");
        writeConfig("""
                  - { id: target, name: "Target API", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                  - { id: closed, name: "Closed port", type: tcp, host: 127.0.0.1, port: 9, interval: 5s, timeout: 1s }
                """);
        app = startFromFile();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        target.close();
    }

    private void writeConfig(String monitors) throws Exception {
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                monitors:
                """.formatted(data.resolve("db").toString().replace("\\", "/")) + monitors.formatted(target.healthUrl()),
                StandardCharsets.UTF_8);
    }

    private UpwatchApplication startFromFile() throws Exception {
        return UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    /** Every admin request goes through here, with an admin token of the running instance. */
    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        if (adminTokenOf != app) {
            adminToken = app.tokens().create("admin-api-test", TokenScope.ADMIN).secret().value();
            adminTokenOf = app;
        }
        return ServerRequests.withToken(app.baseUri(), adminToken, method, path, body);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return ServerRequests.get(app.baseUri(), path);
    }

    private JsonNode json(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private String extra(String name) {
        return """
                {"id": "extra", "name": "%s", "type": "http", "url": "%s", "interval": "1s", "timeout": "800ms",
                 "conditions": ["[STATUS] == 200"]}""".formatted(name, target.healthUrl());
    }

    private String status(String id) throws Exception {
        HttpResponse<String> response = get("api/v1/services/" + id);
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("service").get("status").asText() : "absent";
    }

    @Test
    void anApiMonitorIsPausedAndResumedAndTheFilesAreReadOnly() throws Exception {
        json(admin("POST", "api/v1/admin/monitors", extra("Extra")), 201);
        UpwatchServerTest.await("extra up", Duration.ofSeconds(15), () -> status("extra").equals("up"));
        JsonNode paused = json(admin("POST", "api/v1/admin/monitors/extra/pause", null), 200);
        assertTrue(paused.get("paused").asBoolean());
        assertEquals(true, paused.get("definition").get("paused").asBoolean(), "stored: the pause outlives a restart");
        JsonNode service = json(get("api/v1/services/extra"), 200).get("service");
        assertEquals("paused: not checked until resumed", service.get("reason").asText());
        String page = get("").body();
        assertTrue(page.contains("data-status=\"paused\"") && page.contains(">Paused<"), "the page says paused");

        assertEquals(409, admin("POST", "api/v1/admin/monitors/target/pause", null).statusCode(),
                "the file owns its monitors: paused: true there");
        assertEquals(404, admin("POST", "api/v1/admin/monitors/nothing/pause", null).statusCode());

        JsonNode resumed = json(admin("POST", "api/v1/admin/monitors/extra/resume", null), 200);
        assertFalse(resumed.get("paused").asBoolean());
        assertFalse(resumed.get("definition").has("paused"));
        assertTrue(json(get("api/v1/services/extra"), 200).get("service").get("reason").isNull());
    }

    @Test
    void anOutageIsAcknowledgedWithWhoAndWhen() throws Exception {
        assertEquals(409, admin("POST", "api/v1/admin/monitors/target/acknowledge", null).statusCode(),
                "target is up: nothing to acknowledge");
        assertEquals(404, admin("POST", "api/v1/admin/monitors/nothing/acknowledge", null).statusCode());
        UpwatchServerTest.await("closed down", Duration.ofSeconds(30), () -> status("closed").equals("down"));
        JsonNode incident = json(admin("POST", "api/v1/admin/monitors/closed/acknowledge",
                "{\"message\": \"on it\"}"), 200);
        JsonNode update = incident.get("updates").get(incident.get("updates").size() - 1);
        assertEquals("Acknowledged by admin-api-test: on it", update.get("message").asText(), "who: the token's name");
        assertEquals("identified", update.get("state").asText());
        assertTrue(update.has("at"), update.toString());
        JsonNode bad = json(admin("POST", "api/v1/admin/monitors/closed/acknowledge", "{\"by\": 5, \"who\": 1}"), 400);
        assertTrue(bad.toString().contains("\"by\"") && bad.toString().contains("\"who\""), bad.toString());
        JsonNode byName = json(admin("POST", "api/v1/admin/monitors/closed/acknowledge", "{\"by\": \"Alice\"}"), 200);
        assertTrue(byName.toString().contains("Acknowledged by Alice"), byName.toString());
    }

    @Test
    void dependsOnMustNameAMonitorAndCloseNoCycle() throws Exception {
        JsonNode unknown = json(admin("POST", "api/v1/admin/monitors",
                extra("Extra").replace("\"id\": \"extra\"", "\"id\": \"extra\", \"depends-on\": [\"ruoter\"]")), 400);
        assertTrue(unknown.toString().contains("depends-on") && unknown.toString().contains("unknown monitor id 'ruoter'"),
                unknown.toString());
        json(admin("POST", "api/v1/admin/monitors",
                extra("Extra").replace("\"id\": \"extra\"", "\"id\": \"extra\", \"depends-on\": [\"target\"]")), 201);
    }

    @Test
    void monitorsOfTheFileAreListedAsConfigAndAreReadOnly() throws Exception {
        JsonNode list = json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors");
        assertEquals(List.of("target", "closed"), ids(list));
        assertEquals("config", list.get(0).get("source").asText());
        assertTrue(list.get(0).get("definition").isNull());
        HttpResponse<String> put = admin("PUT", "api/v1/admin/monitors/target", extra("x").replace("extra", "target"));
        assertEquals(409, put.statusCode(), put.body());
        assertEquals("application/problem+json", put.headers().firstValue("content-type").orElseThrow());
        assertTrue(put.body().contains("configuration file"), put.body());
        assertEquals(409, admin("DELETE", "api/v1/admin/monitors/closed", null).statusCode());
        HttpResponse<String> taken = admin("POST", "api/v1/admin/monitors", extra("x").replace("extra", "closed"));
        assertEquals(409, taken.statusCode(), taken.body());
    }

    @Test
    void aCreatedMonitorIsCheckedAtOnceAndSurvivesARestartWithItsHistory() throws Exception {
        HttpResponse<String> created = admin("POST", "api/v1/admin/monitors", extra("Extra"));
        JsonNode body = json(created, 201);
        assertEquals("api", body.get("source").asText());
        assertEquals("/api/v1/admin/monitors/extra", URI.create(created.headers().firstValue("location").orElseThrow()).getPath());
        UpwatchServerTest.await("extra up", Duration.ofSeconds(15), () -> status("extra").equals("up"));

        app.close();
        app = startFromFile();
        JsonNode after = json(admin("GET", "api/v1/admin/monitors/extra", null), 200);
        assertEquals("api", after.get("source").asText());
        assertEquals("Extra", after.get("definition").get("name").asText());
        JsonNode service = json(get("api/v1/services/extra"), 200);
        assertTrue(service.get("recentSamples").size() >= 1, "history kept across the restart: " + service);
    }

    @Test
    void replacingKeepsHistoryAndDeletingStopsTheMonitor() throws Exception {
        json(admin("POST", "api/v1/admin/monitors", extra("Extra")), 201);
        UpwatchServerTest.await("extra up", Duration.ofSeconds(15), () -> status("extra").equals("up"));
        UpwatchServerTest.await("a stored sample of extra", Duration.ofSeconds(15),
                () -> json(get("api/v1/services/extra"), 200).get("recentSamples").size() >= 1);
        JsonNode replaced = json(admin("PUT", "api/v1/admin/monitors/extra", extra("Renamed").replace("\"id\": \"extra\", ", "")), 200);
        assertEquals("Renamed", replaced.get("name").asText());
        JsonNode service = json(get("api/v1/services/extra"), 200);
        assertEquals("Renamed", service.get("service").get("name").asText());
        assertEquals("up", service.get("service").get("status").asText(), "state kept");
        assertTrue(service.get("recentSamples").size() >= 1, "history kept");

        assertEquals(204, admin("DELETE", "api/v1/admin/monitors/extra", null).statusCode());
        assertEquals(404, get("api/v1/services/extra").statusCode());
        assertEquals(404, admin("GET", "api/v1/admin/monitors/extra", null).statusCode());
        assertEquals(404, admin("DELETE", "api/v1/admin/monitors/extra", null).statusCode());
        assertEquals(List.of("target", "closed"), ids(json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"file:///etc/passwd\"}                                | url",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"jar:file:/a.jar!/b\"}                                | url",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"gopher://127.0.0.1:70/\"}                             | url",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"http://a.test\", \"interval\": \"5s\", \"timeout\": \"10s\"} | timeout",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"http://a.test\", \"interval\": \"soon\"}              | interval",
            "{\"id\": \"bad id!\", \"type\": \"http\", \"url\": \"http://a.test\"}                               | id",
            "{\"type\": \"http\", \"url\": \"http://a.test\"}                                                    | id",
            "{\"id\": \"x\", \"type\": \"carrier-pigeon\"}                                                     | type",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"http://a.test\", \"colour\": \"red\"}                 | colour",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"http://a.test\", \"conditions\": [\"[STATUS] ==\"]} | conditions[0]",
            "{\"id\": \"x\", \"type\": \"http\", \"url\": \"http://a.test\", \"private\": \"maybe\"}             | private",
            "{\"id\": \"x\", \"type\": \"tcp\", \"host\": \"127.0.0.1\"}                                         | port",
            "[1, 2]                                                                                      | ''",
            "{\"id\": \"x\",                                                                             | ''",
    })
    void invalidDefinitionsAreProblemsNamingTheField(String body, String field) throws Exception {
        HttpResponse<String> response = admin("POST", "api/v1/admin/monitors", body);
        JsonNode problem = json(response, 400);
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertTrue(fields.contains(field), field + " not in " + problem);
        assertEquals(List.of("target", "closed"), ids(json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors")));
    }

    @Test
    void everyStringAndListHasALimit() throws Exception {
        String longName = "n".repeat(201);
        assertField(extra(longName), "name");
        assertField(extra("x").replace("\"Extra\"", "\"x\"").replace("[\"[STATUS] == 200\"]",
                "[" + String.join(",", java.util.Collections.nCopies(51, "\"[STATUS] == 200\"")) + "]"), "conditions");
        assertField(extra("x").replace("\"1s\"", "\"" + "1".repeat(5000) + "\""), "interval");
        assertField("{\"id\": \"x\", \"type\": \"http\", \"url\": \"http://a.test\", \"headers\": {\"h\": ["
                + String.join(",", java.util.Collections.nCopies(101, "1")) + "]}}", "headers.h");
        assertField("{\"id\": \"x\", \"pad\": \"" + "p".repeat(70_000) + "\"}", "");
    }

    private void assertField(String body, String field) throws Exception {
        JsonNode problem = json(admin("POST", "api/v1/admin/monitors", body), 400);
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertTrue(fields.contains(field), field + " not in " + problem);
    }

    @Test
    void reloadAppliesAddsChangesAndRemovalsAndKeepsHistoryOfTheUnchanged() throws Exception {
        UpwatchServerTest.await("target checked", Duration.ofSeconds(15), () -> status("target").equals("up"));
        json(admin("POST", "api/v1/admin/monitors", extra("Extra")), 201);
        writeConfig("""
                  - { id: target, name: "Target API", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                  - { id: fresh, name: "Fresh", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                """);
        JsonNode result = json(admin("POST", "api/v1/admin/reload", null), 200);
        assertEquals("[\"fresh\"]", result.get("added").toString());
        assertEquals("[]", result.get("changed").toString());
        assertEquals("[\"closed\"]", result.get("removed").toString());
        assertEquals(1, result.get("unchanged").asInt());
        assertEquals(List.of("target", "fresh", "extra"), ids(json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors")));
        assertEquals("up", status("target"), "an unchanged monitor keeps its state");
        assertEquals("absent", status("closed"));
        UpwatchServerTest.await("fresh checked", Duration.ofSeconds(15), () -> status("fresh").equals("up"));

        UpwatchServerTest.await("two stored checks of target", Duration.ofSeconds(15),
                () -> json(get("api/v1/services/target"), 200).get("recentSamples").size() >= 2);
        writeConfig("""
                  - { id: target, name: "Target, renamed", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                  - { id: fresh, name: "Fresh", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                """);
        assertEquals("[\"target\"]", json(admin("POST", "api/v1/admin/reload", null), 200).get("changed").toString());
        JsonNode renamed = json(get("api/v1/services/target"), 200);
        assertEquals("Target, renamed", renamed.get("service").get("name").asText());
        assertEquals("up", renamed.get("service").get("status").asText());
        assertTrue(renamed.get("recentSamples").size() >= 2, "history kept: " + renamed);
    }

    @Test
    void anInvalidOrClashingFileChangesNothing() throws Exception {
        json(admin("POST", "api/v1/admin/monitors", extra("Extra")), 201);
        writeConfig("""
                  - { id: target, name: "Target API", type: http, url: "%1$s", interval: 1s, timeout: 5s }
                """);
        HttpResponse<String> invalid = admin("POST", "api/v1/admin/reload", null);
        JsonNode problem = json(invalid, 400);
        assertTrue(problem.get("detail").asText().contains(file + ":5:"), "file and line: " + problem);
        assertEquals("monitors[0].timeout", problem.get("errors").get(0).get("field").asText());

        writeConfig("""
                  - { id: target, name: "Target API", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                  - { id: extra, name: "Clash", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                """);
        HttpResponse<String> clash = admin("POST", "api/v1/admin/reload", null);
        assertEquals(409, clash.statusCode(), clash.body());
        assertTrue(clash.body().contains("extra"), clash.body());
        assertEquals(List.of("target", "closed", "extra"), ids(json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors")));
    }

    /** A duration or number out of its range is a 400 naming the field, never a 500 (and nothing changes). */
    @Test
    void outOfRangeValuesOfTheAdminApiAre400sNamingTheField() throws Exception {
        String monitor = "{\"id\": \"x\", \"type\": \"http\", \"url\": \"" + target.healthUrl() + "\", ";
        String window = "{\"id\": \"w\", \"title\": \"Upgrade\", \"start\": \"2026-12-01T22:00:00Z\", ";
        String channel = "{\"id\": \"c\", \"type\": \"webhook\", \"url\": \"https://hooks.example.test/x\", ";
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put(monitor + "\"interval\": \"" + HUGE + "\"}", new String[]{"api/v1/admin/monitors", "interval"});
        cases.put(monitor + "\"interval\": \"200000d\"}", new String[]{"api/v1/admin/monitors", "interval"});
        cases.put(monitor + "\"interval\": \"99999999999999999999s\"}", new String[]{"api/v1/admin/monitors", "interval"});
        cases.put(monitor + "\"retry-interval\": \"" + HUGE + "\"}", new String[]{"api/v1/admin/monitors", "retry-interval"});
        cases.put(monitor + "\"degraded-above\": \"200000d\"}", new String[]{"api/v1/admin/monitors", "degraded-above"});
        cases.put(monitor + "\"failure-threshold\": 9223372036854775807}", new String[]{"api/v1/admin/monitors", "failure-threshold"});
        cases.put(monitor + "\"conditions\": [\"[RESPONSE_TIME] < " + HUGE + "\"]}",
                new String[]{"api/v1/admin/monitors", "conditions[0]"});
        cases.put("{\"id\": \"p\", \"type\": \"push\", \"token\": \"0123456789abcdef0123456789abcdef\", \"grace\": \"200000d\"}",
                new String[]{"api/v1/admin/monitors", "grace"});
        cases.put(window + "\"duration\": \"" + HUGE + "\"}", new String[]{"api/v1/admin/maintenance", "duration"});
        cases.put(window + "\"duration\": \"200000d\"}", new String[]{"api/v1/admin/maintenance", "duration"});
        cases.put("{\"id\": \"w\", \"title\": \"Nightly\", \"cron\": \"0 3 * * *\", \"duration\": \"200000d\"}",
                new String[]{"api/v1/admin/maintenance", "duration"});
        cases.put(window + "\"end\": \"+999999999-12-31T23:59:59Z\"}", new String[]{"api/v1/admin/maintenance", "end"});
        cases.put(channel + "\"remind-every\": \"" + HUGE + "\"}", new String[]{"api/v1/admin/notifications", "remind-every"});
        cases.put(channel + "\"flap-window\": \"200000d\"}", new String[]{"api/v1/admin/notifications", "flap-window"});
        cases.put(channel + "\"certificate-warning\": \"200000d\"}",
                new String[]{"api/v1/admin/notifications", "certificate-warning"});
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (var entry : cases.entrySet()) {
            // A distinct id per case, so that a case the server wrongly accepts cannot turn the next into a 409.
            String body = entry.getKey().replaceFirst("\"id\": \"[a-z]\"", "\"id\": \"case-" + n++ + "\"");
            HttpResponse<String> response = admin("POST", entry.getValue()[0], body);
            boolean problem = response.statusCode() == 400
                    && response.headers().firstValue("content-type").orElse("").equals("application/problem+json");
            if (!problem || !problemFields(JSON.readTree(response.body())).contains(entry.getValue()[1])) {
                failures.add(entry.getValue()[1] + " ← " + entry.getKey() + ": " + response.statusCode() + " "
                        + response.body());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(List.of("target", "closed"), ids(json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors")),
                "nothing was created");
    }

    @Test
    void anOutOfRangeIntervalInTheFileIsACleanReloadError() throws Exception {
        for (String interval : List.of(HUGE, "200000d")) {
            writeConfig("""
                      - { id: target, name: "Target API", type: http, url: "%1$s", interval: INTERVAL, timeout: 800ms }
                    """.replace("INTERVAL", interval));
            HttpResponse<String> response = admin("POST", "api/v1/admin/reload", null);
            assertEquals(400, response.statusCode(), response.body());
            JsonNode problem = JSON.readTree(response.body());
            assertEquals(List.of("monitors[0].interval"), problemFields(problem), problem.toString());
            assertTrue(problem.get("detail").asText().contains(file + ":5: "), problem.toString());
            ConfigException signal = assertThrows(ConfigException.class, () -> app.reload(),
                    "SIGHUP's reload refuses the file with the same problem");
            assertTrue(signal.getMessage().startsWith(file + ":5: monitors[0].interval: "), signal.getMessage());
            assertEquals(1, signal.problems().size(), signal.getMessage());
        }
    }

    /** Every problem of one definition is answered at once, one entry per field. */
    @Test
    void everyProblemOfAMonitorOrAChannelIsOneEntryOfTheProblem() throws Exception {
        HttpResponse<String> monitor = admin("POST", "api/v1/admin/monitors", """
                {"id": "x", "type": "tcp", "host": "127.0.0.1", "port": 9, "interval": "soon", "timeout": "0s",
                 "failure-threshold": 0, "group": "", "private": "maybe", "conditions": ["[STATU] == 1"], "colour": "red"}""");
        assertEquals(400, monitor.statusCode(), monitor.body());
        assertEquals(List.of("colour", "interval", "timeout", "group", "private", "conditions[0]", "failure-threshold"),
                problemFields(JSON.readTree(monitor.body())), monitor.body());
        HttpResponse<String> channel = admin("POST", "api/v1/admin/notifications", """
                {"id": "bad id!", "type": "telegram", "bot-token": "oops", "events": ["sideways"], "remind-every": "10s",
                 "flap-limit": -1, "secret": "s", "groups": ["Nope"]}""");
        assertEquals(400, channel.statusCode(), channel.body());
        assertEquals(List.of("id", "secret", "events[0]", "remind-every", "bot-token", "chat-id", "groups[0]", "flap-limit"),
                problemFields(JSON.readTree(channel.body())), channel.body());
    }


    @Test
    void whenTheFileTakesAnIdOfTheApiWhileStoppedTheFileWins() throws Exception {
        json(admin("POST", "api/v1/admin/monitors", extra("From the API")), 201);
        app.close();
        writeConfig("""
                  - { id: target, name: "Target API", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                  - { id: extra, name: "From the file", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                """);
        app = startFromFile();
        JsonNode list = json(admin("GET", "api/v1/admin/monitors", null), 200).get("monitors");
        assertEquals(List.of("target", "extra"), ids(list));
        assertEquals("config", list.get(1).get("source").asText());
        assertEquals("From the file", list.get(1).get("name").asText());
    }

    @Test
    void theApplicationReloadsLikeTheEndpoint() throws Exception {
        writeConfig("""
                  - { id: target, name: "Target API", type: http, url: "%1$s", interval: 1s, timeout: 800ms }
                """);
        assertEquals(List.of(dev.upwatch.core.model.MonitorId.of("closed")), app.reload().removed());
    }

    @Test
    void incidentsAreWrittenWithATimelineAndShownPublicly() throws Exception {
        HttpResponse<String> created = admin("PUT", "api/v1/admin/incidents/db-slow", """
                {"title": "Database is slow", "impact": "degraded", "services": ["target"],
                 "updates": [{"state": "investigating", "message": "Looking into it."}]}""");
        JsonNode incident = json(created, 201);
        assertEquals("manual", incident.get("kind").asText());
        assertTrue(incident.get("resolvedAt").isNull());
        JsonNode active = json(get("api/v1/incidents"), 200).get("active");
        assertTrue(active.toString().contains("db-slow"), active.toString());

        json(admin("POST", "api/v1/admin/incidents/db-slow/updates", "{\"state\": \"monitoring\", \"message\": \"Fix deployed.\"}"), 200);
        JsonNode resolved = json(admin("POST", "api/v1/admin/incidents/db-slow/updates",
                "{\"state\": \"resolved\", \"message\": \"All good.\"}"), 200);
        assertFalse(resolved.get("resolvedAt").isNull());
        assertEquals(3, resolved.get("updates").size());
        assertFalse(json(get("api/v1/incidents"), 200).get("active").toString().contains("db-slow"));
        assertEquals(409, admin("POST", "api/v1/admin/incidents/db-slow/updates",
                "{\"state\": \"monitoring\", \"message\": \"again\"}").statusCode());

        app.close();
        app = startFromFile();
        assertEquals(3, json(admin("GET", "api/v1/admin/incidents/db-slow", null), 200).get("updates").size());
    }

    @Test
    void incidentsAreListedNewestFirstIncludingResolvedOnesAndCapped() throws Exception {
        json(admin("PUT", "api/v1/admin/incidents/older", """
                {"title": "Older", "starts": "2026-01-01T00:00:00Z",
                 "updates": [{"state": "resolved", "message": "Done.", "at": "2026-01-01T01:00:00Z"}]}"""), 201);
        json(admin("PUT", "api/v1/admin/incidents/newer", "{\"title\": \"Newer\", \"services\": [\"target\"]}"), 201);
        JsonNode list = json(admin("GET", "api/v1/admin/incidents", null), 200).get("incidents");
        List<String> ids = new ArrayList<>();
        list.forEach(incident -> ids.add(incident.get("id").asText()));
        assertEquals(List.of("newer", "older"), ids);
        assertFalse(list.get(1).get("resolvedAt").isNull(), "resolved incidents are listed");
        assertEquals(1, json(admin("GET", "api/v1/admin/incidents?limit=1", null), 200).get("incidents").size());
        JsonNode problem = json(admin("GET", "api/v1/admin/incidents?limit=0", null), 400);
        assertEquals("limit", problem.get("errors").get(0).get("field").asText());
    }

    @Test
    void groupsAreDerivedFromTheMonitors() throws Exception {
        json(admin("POST", "api/v1/admin/monitors", extra("Extra").replace("\"name\"", "\"group\": \"Backend\", \"name\"")), 201);
        JsonNode groups = json(admin("GET", "api/v1/admin/groups", null), 200).get("groups");
        assertEquals("[{\"name\":\"Services\",\"stored\":false,\"position\":null,\"description\":\"\",\"collapsed\":false,"
                + "\"monitors\":[\"target\",\"closed\"]},{\"name\":\"Backend\",\"stored\":false,\"position\":null,"
                + "\"description\":\"\",\"collapsed\":false,\"monitors\":[\"extra\"]}]", groups.toString());
    }

    @Test
    void metricsFollowMonitorsAddedChangedAndDeletedAtRunTime() throws Exception {
        json(admin("POST", "api/v1/admin/monitors", extra("Extra")), 201);
        UpwatchServerTest.await("extra up", Duration.ofSeconds(15), () -> status("extra").equals("up"));
        String added = ServerRequests.operator(app, "metrics").body();
        assertTrue(added.contains("upwatch_monitor_status{group=\"Services\",monitor=\"extra\"} 0.0"), added);
        assertTrue(added.contains("upwatch_monitor_up{group=\"Services\",monitor=\"extra\"} 1.0"), added);

        json(admin("PUT", "api/v1/admin/monitors/extra", extra("Extra").replace("\"name\"", "\"group\": \"Backend\", \"name\"")), 200);
        String changed = ServerRequests.operator(app, "metrics").body();
        assertTrue(changed.contains("upwatch_monitor_status{group=\"Backend\",monitor=\"extra\"}"), changed);
        assertFalse(changed.contains("upwatch_monitor_status{group=\"Services\",monitor=\"extra\"}"), changed);

        assertEquals(204, admin("DELETE", "api/v1/admin/monitors/extra", null).statusCode());
        String deleted = ServerRequests.operator(app, "metrics").body();
        // Gauges only: a check in flight at the delete may still count once.
        assertFalse(deleted.contains("upwatch_monitor_status{group=\"Backend\",monitor=\"extra\"}"), deleted);
        assertFalse(deleted.contains("upwatch_monitor_up{group=\"Backend\",monitor=\"extra\"}"), deleted);
        assertTrue(deleted.contains("upwatch_monitor_status{group=\"Services\",monitor=\"target\"}"), deleted);
    }

    @Test
    void badIncidentsAreProblemsNamingTheField() throws Exception {
        JsonNode problem = json(admin("PUT", "api/v1/admin/incidents/x", """
                {"title": "", "impact": "on fire", "services": ["nope"]}"""), 400);
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertTrue(fields.containsAll(List.of("title", "impact", "services[0]")), problem.toString());
        JsonNode update = json(admin("POST", "api/v1/admin/incidents/x/updates", "{\"state\": \"bored\"}"), 400);
        assertEquals(2, update.get("errors").size(), update.toString());
        assertEquals(404, admin("POST", "api/v1/admin/incidents/x/updates",
                "{\"state\": \"monitoring\", \"message\": \"m\"}").statusCode());
    }

    @Test
    void answersHaveExactlyTheDocumentedProperties() throws Exception {
        JsonNode document = JSON.readTree(get("api/v1/openapi.json").body());
        List<String> problems = new ArrayList<>();
        JsonNode created = json(admin("POST", "api/v1/admin/monitors", extra("Extra")), 201);
        OpenApiShape.check(document, created, schema(document, "AdminMonitor"), "AdminMonitor", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/monitors", null), 200),
                schema(document, "AdminMonitors"), "AdminMonitors", problems);
        OpenApiShape.check(document, json(admin("POST", "api/v1/admin/monitors", "{\"id\": 1}"), 400),
                schema(document, "ValidationProblem"), "ValidationProblem", problems);
        OpenApiShape.check(document, json(admin("DELETE", "api/v1/admin/monitors/target", null), 409),
                schema(document, "Problem"), "Problem", problems);
        OpenApiShape.check(document, json(admin("POST", "api/v1/admin/reload", null), 200),
                schema(document, "Reload"), "Reload", problems);
        OpenApiShape.check(document, json(admin("PUT", "api/v1/admin/incidents/i1", "{\"title\": \"T\"}"), 201),
                schema(document, "Incident"), "Incident", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/incidents", null), 200),
                schema(document, "AdminIncidents"), "AdminIncidents", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/groups", null), 200),
                schema(document, "AdminGroups"), "AdminGroups", problems);
        assertEquals(List.of(), problems);
        JsonNode paths = document.get("paths");
        for (String path : List.of("/api/v1/admin/monitors", "/api/v1/admin/monitors/{id}", "/api/v1/admin/reload",
                "/api/v1/admin/incidents/{id}", "/api/v1/admin/incidents/{id}/updates", "/api/v1/admin/incidents",
                "/api/v1/admin/groups")) {
            assertTrue(paths.has(path), path + " is documented");
        }
    }

    @Test
    void checkNowRunsAnUnsavedDefinitionOnceAndAnswersTheDocumentedShape() throws Exception {
        JsonNode checked = json(admin("POST", "api/v1/admin/monitors/check", extra("Checked")), 200);
        assertEquals("SUCCESS", checked.get("outcome").asText(), checked.toString());
        assertEquals("[STATUS] (200) == 200", checked.get("conditions").get(0).get("rendered").asText());
        assertTrue(checked.get("phasesMs").has("connect"), checked.toString());
        List<String> problems = new ArrayList<>();
        JsonNode document = JSON.readTree(get("api/v1/openapi.json").body());
        OpenApiShape.check(document, checked, schema(document, "MonitorCheck"), "MonitorCheck", problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("target", "closed"), ids(json(admin("GET", "api/v1/admin/monitors", null), 200)
                .get("monitors")), "nothing saved");
        assertEquals(400, admin("POST", "api/v1/admin/monitors/check", "{\"id\": \"x\", \"type\": \"http\"}")
                .statusCode());
        assertEquals(409, admin("POST", "api/v1/admin/monitors/check", """
                {"id": "cron", "name": "Cron", "type": "push", "token": "a-long-enough-push-token-for-the-test"}""")
                .statusCode());
    }

    private static JsonNode schema(JsonNode document, String name) {
        return document.at("/components/schemas/" + name);
    }

    private static List<String> ids(JsonNode monitors) {
        List<String> ids = new ArrayList<>();
        monitors.forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    private static List<String> problemFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }
}
