package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boots the whole server (every real module, embedded storage) against a local target and webhook receiver. */
class UpwatchServerTest {
    /** The Standard Webhooks secret format: "whsec_" + base64 of the key bytes. */
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("upwatch-test-signing-key-32bytes".getBytes(StandardCharsets.UTF_8));

    private static final MonitorId TARGET = MonitorId.of("target");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private FlippableTarget target;
    private WebhookReceiver receiver;
    private UpwatchApplication app;

    @TempDir
    Path data;

    @BeforeEach
    void startTargets() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopAll() {
        if (app != null) {
            app.close();
        }
        target.close();
        receiver.close();
    }

    static UpwatchConfig config(FlippableTarget target, WebhookReceiver receiver, Path data, String refresh) {
        return config(target, receiver, data, refresh, "");
    }

    /** {@code morePage}: further keys of the {@code page:} map, e.g. {@code , cors-origins: ["*"]}. */
    static UpwatchConfig config(FlippableTarget target, WebhookReceiver receiver, Path data, String refresh, String morePage) {
        return config(target, receiver, data, refresh, morePage, "");
    }

    /** {@code moreYaml}: further top-level sections, appended to the file. */
    static UpwatchConfig config(FlippableTarget target, WebhookReceiver receiver, Path data, String refresh, String morePage,
                                String moreYaml) {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                page: { title: "Test <Status> & Co", refresh: %s, public-url: "https://status.example.test"%s }
                monitors:
                  - { id: target, name: "Target API", group: Backend, type: http, url: "%s", interval: 1s, timeout: 800ms,
                      failure-threshold: 2, success-threshold: 1, conditions: ["[STATUS] == 200", "[BODY].status == UP"] }
                  - { id: closed, name: "Closed port", group: Backend, type: tcp, host: 127.0.0.1, port: 9, interval: 5s, timeout: 1s }
                notifications:
                  - { id: hook, type: webhook, url: "%s", secret: "%s", events: [down, up] }
                """.formatted(data.toString().replace("\\", "/"), refresh, morePage, target.healthUrl(), receiver.url(), SECRET)
                + moreYaml;
        return new ConfigLoader(ProbeRegistry.load(UpwatchServerTest.class.getClassLoader()), Map.of())
                .parse(yaml, "test.yml", data);
    }

    static EngineSettings fastEngine() {
        return EngineSettings.defaults().withHistoryRefresh(Duration.ofSeconds(1));
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.baseUri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + " → " + response.body());
        return json.readTree(response.body());
    }

    private String targetStatus() throws Exception {
        for (JsonNode service : getJson("api/v1/status").get("services")) {
            if (service.get("id").asText().equals("target")) {
                return service.get("status").asText();
            }
        }
        throw new AssertionError("no target in status");
    }

    static void await(String what, Duration limit, ThrowingCondition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + limit + " waiting for " + what);
    }

    /** A condition that may throw while the server warms up. */
    @FunctionalInterface
    interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    @Test
    void pageAndApiFollowTheTargetAndTheReceiverGetsOneSignedEventPerTransition() throws Exception {
        app = UpwatchApplication.start(config(target, receiver, data, "1s"), Clock.systemUTC(), fastEngine());

        await("target up", Duration.ofSeconds(15), () -> targetStatus().equals("up"));
        String page = http.send(HttpRequest.newBuilder(app.baseUri()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("Target API") && page.contains("Operational"), page);
        assertTrue(page.contains("Test &lt;Status&gt; &amp; Co"), "the title is escaped");
        assertFalse(page.contains("<Status>"));

        target.answer(503);
        await("target down", Duration.ofSeconds(15), () -> targetStatus().equals("down"));
        JsonNode status = getJson("api/v1/status");
        assertEquals("down", status.get("status").asText());
        JsonNode down = status.get("services").get(0);
        assertEquals("[STATUS] (503) == 200; [BODY].status (DOWN) == UP", down.get("reason").asText());
        page = http.send(HttpRequest.newBuilder(app.baseUri()).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.contains("data-status=\"down\""), "the page shows the target down");

        target.answer(200);
        await("target up again", Duration.ofSeconds(15), () -> targetStatus().equals("up"));
        await("two deliveries", Duration.ofSeconds(10), () -> targetDeliveries().size() >= 2);
        Thread.sleep(1_500); // a duplicate delivery would arrive in this window

        List<WebhookReceiver.Delivery> deliveries = targetDeliveries();
        assertEquals(2, deliveries.size(), "exactly one event per transition: " + deliveries);
        JsonNode first = json.readTree(deliveries.get(0).body());
        JsonNode second = json.readTree(deliveries.get(1).body());
        assertEquals("service.down", first.get("type").asText());
        assertEquals("service.up", second.get("type").asText());
        assertEquals("target", first.get("data").get("service").get("id").asText());
        assertEquals("Target API", first.get("data").get("service").get("name").asText());
        assertEquals("Backend", first.get("data").get("service").get("group").asText());
        assertEquals("down", first.get("data").get("status").asText());
        assertEquals("up", first.get("data").get("previousStatus").asText());
        assertEquals("[STATUS] (503) == 200; [BODY].status (DOWN) == UP", first.get("data").get("reason").asText());
        assertEquals("https://status.example.test/services/target", first.get("data").get("url").asText());
        for (WebhookReceiver.Delivery delivery : deliveries) {
            assertSignatureVerifies(delivery);
        }
        assertFalse(deliveries.get(0).headers().get("webhook-id").equals(deliveries.get(1).headers().get("webhook-id")));

        JsonNode log = json.readTree(ServerRequests.operator(app, "api/v1/notifications/deliveries?limit=50").body())
                .get("deliveries");
        List<String> loggedIds = new java.util.ArrayList<>();
        for (JsonNode attempt : log) {
            if (attempt.get("event").asText().startsWith("service.") && attempt.get("outcome").asText().equals("delivered")) {
                loggedIds.add(attempt.get("messageId").asText());
                assertEquals(204, attempt.get("statusCode").asInt(), "the receiver answers 204");
                assertEquals("hook", attempt.get("channel").asText());
                assertTrue(attempt.get("latencyMs").asDouble() >= 0);
            }
        }
        int downAt = loggedIds.indexOf(deliveries.get(0).headers().get("webhook-id"));
        int upAt = loggedIds.indexOf(deliveries.get(1).headers().get("webhook-id"));
        assertTrue(upAt >= 0 && downAt > upAt, "both logged, newest first: " + loggedIds);

        JsonNode detail = getJson("api/v1/services/target?limit=5");
        assertEquals(5, detail.get("recentSamples").size());
        assertEquals("http", detail.get("type").asText());
        assertTrue(detail.get("service").get("uptime").get("24h").asDouble() < 100.0, "the outage counts against uptime");
    }

    /** Deliveries about the flipped target (the closed port announces its own DOWN at start). */
    private List<WebhookReceiver.Delivery> targetDeliveries() {
        return receiver.deliveries().stream().filter(d -> d.body().contains("\"id\":\"target\"")).toList();
    }

    /** Verifies a Standard Webhooks v1 signature with javax.crypto directly, independent of the notifier's signer. */
    private static void assertSignatureVerifies(WebhookReceiver.Delivery delivery) throws Exception {
        String id = delivery.headers().get("webhook-id");
        String timestamp = delivery.headers().get("webhook-timestamp");
        String signatures = delivery.headers().get("webhook-signature");
        assertTrue(id != null && timestamp != null && signatures != null, "signature headers present: " + delivery.headers());
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 60, "fresh timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        assertTrue(List.of(signatures.split(" ")).contains(expected), "signature " + signatures + " verifies");
    }

    @Test
    void historySurvivesARestartOfTheEmbeddedStore() throws Exception {
        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        await("a few checks", Duration.ofSeconds(15), () -> getJson("api/v1/services/target").get("recentSamples").size() >= 3);
        app.close();
        app = null;

        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        JsonNode detail = getJson("api/v1/services/target");
        assertTrue(detail.get("recentSamples").size() >= 3, "samples from before the restart are served");
        assertEquals("up", detail.get("service").get("status").asText(), "status restored from stored samples, not UNKNOWN");
    }

    @Test
    void anOutageBecomesOneIncidentThatIsStoredAndSurvivesARestart() throws Exception {
        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        await("target up", Duration.ofSeconds(15), () -> targetStatus().equals("up"));
        assertTrue(targetIncidents().isEmpty(), "no incident while the target is up");

        target.answer(503);
        await("target down", Duration.ofSeconds(15), () -> targetStatus().equals("down"));
        Incident opened = app.incidents().active().stream().filter(i -> i.affects(TARGET)).findFirst().orElseThrow();
        assertEquals("Target API is down", opened.title());
        assertEquals(Status.DOWN, opened.impact());
        assertEquals("Down: [STATUS] (503) == 200; [BODY].status (DOWN) == UP", opened.updates().getFirst().message());

        target.answer(200);
        await("target up again", Duration.ofSeconds(15), () -> targetStatus().equals("up"));
        List<Incident> incidents = targetIncidents();
        assertEquals(1, incidents.size(), "one incident for one outage: " + incidents);
        Incident resolved = incidents.getFirst();
        assertEquals(opened.id(), resolved.id());
        assertFalse(resolved.isActive());
        assertEquals(IncidentState.RESOLVED, resolved.updates().getLast().state());
        assertTrue(resolved.updates().getLast().message().startsWith("Recovered after "), resolved.toString());
        app.close();
        app = null;

        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        assertEquals(List.of(resolved), targetIncidents(), "stored, and listed again after the restart");
        assertEquals(Optional.of(resolved), app.incidents().find(resolved.id()));
        assertTrue(app.incidents().active().stream().noneMatch(i -> i.affects(TARGET)));
    }

    @Test
    void anIncidentLeftOpenForAMonitorThatIsUpIsResolvedAtStart() throws Exception {
        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        await("a few passing checks", Duration.ofSeconds(15),
                () -> getJson("api/v1/services/target").get("recentSamples").size() >= 2 && targetStatus().equals("up"));
        app.close();
        app = null;
        // As if the save of its resolution had failed: an open incident in storage while the samples say UP.
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        Incident stale = new Incident(IncidentId.of("target-" + start.toEpochMilli()), Incident.Kind.AUTOMATIC,
                "Target API is down", Status.DOWN, List.of(TARGET), start, Optional.empty(),
                List.of(new IncidentUpdate(start, IncidentState.INVESTIGATING, "Down: [STATUS] (503) == 200")));
        try (Database database = Database.open(DatabaseSettings.embedded(data))) {
            database.incidentStore().save(stale);
        }

        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        Incident resolved = app.incidents().find(stale.id()).orElseThrow();
        assertFalse(resolved.isActive(), "resolved at start, not left waiting for a change: " + resolved);
        assertTrue(resolved.resolvedAt().orElseThrow().isAfter(start));
        assertTrue(app.incidents().active().stream().noneMatch(i -> i.affects(TARGET)));
    }

    private List<Incident> targetIncidents() {
        return app.incidents().forService(TARGET, 10);
    }

    @Test
    void errorsAreProblemDocuments() throws Exception {
        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/services/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("content-type").orElseThrow());
        assertEquals("no service 'nope'", json.readTree(missing.body()).get("detail").asText());
        HttpResponse<String> badLimit = http.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/services/target?limit=0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badLimit.statusCode());
        assertTrue(json.readTree(badLimit.body()).get("detail").asText().startsWith("limit: "));
        HttpResponse<String> badDeliveryLimit = ServerRequests.operator(app, "api/v1/notifications/deliveries?limit=0");
        assertEquals(400, badDeliveryLimit.statusCode());
        assertEquals("application/problem+json", badDeliveryLimit.headers().firstValue("content-type").orElseThrow());
        assertTrue(json.readTree(badDeliveryLimit.body()).get("detail").asText().startsWith("limit: "));
    }

    @Test
    void assetsAreServedWithContentHashesAndLongCaching() throws Exception {
        app = UpwatchApplication.start(config(target, receiver, data, "30s"), Clock.systemUTC(), fastEngine());
        String page = http.send(HttpRequest.newBuilder(app.baseUri()).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher js = java.util.regex.Pattern.compile("/assets/app\\.[0-9a-f]{8}\\.js").matcher(page);
        assertTrue(js.find(), "hashed script referenced");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(app.baseUri().resolve(js.group())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("cache-control").orElse("").contains("max-age=31536000"));
        assertFalse(page.contains("cdn"), "no CDN");
        int traversal = http.send(HttpRequest.newBuilder(app.baseUri().resolve("/assets/..%2Fpom.xml")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        assertTrue(traversal == 400 || traversal == 404, "path traversal refused, got " + traversal);
    }
}
