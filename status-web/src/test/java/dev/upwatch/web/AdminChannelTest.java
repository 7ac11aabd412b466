package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.notify.WebhookSigner;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notification channels through the admin API on a real server, delivering to real receivers on 127.0.0.1: in force
 * at once, stored, restored at start, secrets masked, the file's channels read-only.
 */
class AdminChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MASK = "••••••";
    /** The Standard Webhooks reference secret. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BOT_TOKEN = "123456789:AAHsecretsecretsecretsecret";
    private static final String PASSWORD = "smtp-password-never-shown";

    @TempDir
    Path data;
    private Path file;
    private FlippableTarget target;
    private WebhookReceiver fromFile;
    private WebhookReceiver first;
    private WebhookReceiver second;
    private UpwatchApplication app;
    private UpwatchApplication tokenOf;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        target = new FlippableTarget();
        fromFile = new WebhookReceiver();
        first = new WebhookReceiver();
        second = new WebhookReceiver();
        file = data.resolve("upwatch.yml");
        writeConfig("file-hook");
        app = startFromFile();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        target.close();
        fromFile.close();
        first.close();
        second.close();
    }

    private void writeConfig(String fileChannelId) throws Exception {
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                storage: { data-dir: "%s" }
                security: { egress: { deny-private: false } }
                monitors:
                  - { id: target, name: "Target API", group: Backend, type: http, url: "%s", interval: 1s, timeout: 800ms,
                      failure-threshold: 1 }
                notifications:
                  - { id: %s, type: webhook, url: "%s", events: [down, up] }
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl(), fileChannelId,
                fromFile.url()), StandardCharsets.UTF_8);
    }

    private UpwatchApplication startFromFile() throws Exception {
        return UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        if (tokenOf != app) {
            adminToken = app.tokens().create("admin-channel-test", TokenScope.ADMIN).secret().value();
            tokenOf = app;
        }
        return ServerRequests.withToken(app.baseUri(), adminToken, method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String hook(String id, URI url) {
        return """
                {"id": "%s", "type": "webhook", "url": "%s", "events": ["down", "up"]}""".formatted(id, url);
    }

    /** Sets what the target answers and waits for the monitor to show it. */
    private void flip(int code, String status) throws Exception {
        target.answer(code);
        UpwatchServerTest.await("target " + status, WAIT, () -> status().equals(status));
    }

    private String status() throws Exception {
        HttpResponse<String> response = ServerRequests.get(app.baseUri(), "api/v1/services/target");
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("service").get("status").asText() : "absent";
    }

    private static List<String> events(WebhookReceiver receiver) {
        return receiver.deliveries().stream().map(d -> {
            try {
                return JSON.readTree(d.body()).get("type").asText();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static void awaitEvents(WebhookReceiver receiver, List<String> expected) throws Exception {
        UpwatchServerTest.await(expected + " delivered", WAIT, () -> events(receiver).equals(expected));
    }

    @Test
    void aTestEventIsSentAtOnceUnderBothNamesAndTheReceiversAnswerReturned() throws Exception {
        JsonNode answer = json(admin("POST", "api/v1/admin/notifications/file-hook/test", null), 200);
        assertEquals("file-hook", answer.get("channel").asText());
        assertTrue(answer.get("delivered").asBoolean(), answer.toString());
        assertEquals(204, answer.get("status").asInt(), "what this receiver answers");
        assertTrue(answer.get("problem").isNull());
        assertEquals(1, fromFile.deliveries().size(), "sent before the answer");
        JsonNode sent = JSON.readTree(fromFile.deliveries().getFirst().body());
        assertEquals("service.up", sent.get("type").asText());
        assertEquals("upwatch-test", sent.get("data").get("service").get("id").asText());
        assertEquals("a test notification from Upwatch: nothing is wrong", sent.get("data").get("reason").asText());

        assertTrue(json(admin("POST", "api/v1/admin/channels/file-hook/test", null), 200).get("delivered").asBoolean());
        assertEquals(2, fromFile.deliveries().size());
        assertEquals(404, admin("POST", "api/v1/admin/channels/nothing/test", null).statusCode());

        json(admin("POST", "api/v1/admin/notifications", hook("nobody", URI.create("http://127.0.0.1:9/hook"))), 201);
        JsonNode refused = json(admin("POST", "api/v1/admin/channels/nobody/test", null), 200);
        assertFalse(refused.get("delivered").asBoolean());
        assertTrue(refused.get("status").isNull());
        assertFalse(refused.get("problem").asText().isBlank(), refused.toString());
    }

    @Test
    void aChannelCreatedThroughTheApiGetsTheNextChangeFollowsAPutAndStopsAfterADelete() throws Exception {
        flip(200, "up");
        HttpResponse<String> created = admin("POST", "api/v1/admin/notifications", hook("ops", first.url()));
        JsonNode body = json(created, 201);
        assertEquals("api", body.get("source").asText());
        assertEquals("/api/v1/admin/notifications/ops",
                URI.create(created.headers().firstValue("location").orElseThrow()).getPath());

        flip(500, "down");
        awaitEvents(first, List.of("service.down"));

        json(admin("PUT", "api/v1/admin/notifications/ops", hook("ops", second.url())), 200);
        flip(200, "up");
        awaitEvents(second, List.of("service.up"));

        assertEquals(204, admin("DELETE", "api/v1/admin/notifications/ops", null).statusCode());
        assertEquals(404, admin("GET", "api/v1/admin/notifications/ops", null).statusCode());
        flip(500, "down");
        awaitEvents(fromFile, List.of("service.down", "service.up", "service.down"));
        app.close(); // delivers whatever is still queued
        app = null;
        assertEquals(List.of("service.down"), events(first), "the old URL got nothing after the PUT");
        assertEquals(List.of("service.up"), events(second), "nothing after the DELETE");
    }

    @Test
    void anApiChannelIsRestoredAfterARestartOnTheSameDatabaseAndDelivers() throws Exception {
        json(admin("POST", "api/v1/admin/notifications", hook("ops", first.url())), 201);
        app.close();
        app = startFromFile();

        JsonNode restored = json(admin("GET", "api/v1/admin/notifications/ops", null), 200);
        assertEquals("api", restored.get("source").asText());
        assertEquals(List.of("file-hook", "ops"), ids(json(admin("GET", "api/v1/admin/notifications", null), 200)));
        flip(200, "up");
        flip(500, "down");
        awaitEvents(first, List.of("service.down"));
    }

    @Test
    void secretsAreMaskedInEveryAnswerAndAPutWithTheMaskKeepsThem() throws Exception {
        URI withToken = URI.create(first.url() + "?token=query-secret");
        JsonNode signed = json(admin("POST", "api/v1/admin/notifications", """
                {"id": "signed", "type": "webhook", "url": "%s", "secret": "%s", "events": ["down"]}"""
                .formatted(withToken, SECRET)), 201);
        json(admin("POST", "api/v1/admin/notifications", """
                {"id": "tg", "type": "telegram", "bot-token": "%s", "chat-id": "-1001234567890",
                 "events": ["certificate-expiring"]}""".formatted(BOT_TOKEN)), 201);
        json(admin("POST", "api/v1/admin/notifications", """
                {"id": "mail", "type": "email", "url": "smtp://127.0.0.1:2525", "from": "upwatch@example.com",
                 "to": ["ops@example.com"], "username": "upwatch", "password": "%s",
                 "events": ["certificate-expiring"]}""".formatted(PASSWORD)), 201);

        String origin = "http://127.0.0.1:" + first.url().getPort();
        assertEquals(origin + "/" + MASK, signed.get("url").asText());
        assertEquals(origin + "/" + MASK, signed.get("definition").get("url").asText());
        assertEquals(MASK, signed.get("definition").get("secret").asText());
        assertTrue(signed.get("signed").asBoolean());
        for (String path : List.of("api/v1/admin/notifications", "api/v1/admin/notifications/signed",
                "api/v1/admin/notifications/tg", "api/v1/admin/notifications/mail")) {
            String answer = admin("GET", path, null).body();
            for (String secret : List.of(SECRET, "query-secret", BOT_TOKEN, PASSWORD, "/hook")) {
                assertFalse(answer.contains(secret), path + " shows " + secret + ": " + answer);
            }
        }
        JsonNode tg = json(admin("GET", "api/v1/admin/notifications/tg", null), 200);
        assertEquals(MASK, tg.get("definition").get("bot-token").asText());
        assertEquals("https://api.telegram.org", tg.get("url").asText(), "a URL without a path is shown whole");
        assertEquals(MASK, json(admin("GET", "api/v1/admin/notifications/mail", null), 200)
                .get("definition").get("password").asText());

        // GET, edit, PUT back: the masked secret and URL keep the stored ones.
        ObjectNode edited = (ObjectNode) json(admin("GET", "api/v1/admin/notifications/signed", null), 200).get("definition");
        edited.putArray("events").add("down").add("up");
        JsonNode replaced = json(admin("PUT", "api/v1/admin/notifications/signed", JSON.writeValueAsString(edited)), 200);
        assertEquals(List.of("down", "up"), texts(replaced.get("events")));
        flip(200, "up");
        flip(500, "down");
        UpwatchServerTest.await("a signed delivery", WAIT, () -> !first.deliveries().isEmpty());
        WebhookReceiver.Delivery delivery = first.deliveries().getFirst();
        assertTrue(WebhookSigner.fromSecret(SECRET).verify(delivery.headers().get("webhook-id"),
                delivery.headers().get("webhook-timestamp"), delivery.body().getBytes(StandardCharsets.UTF_8),
                delivery.headers().get("webhook-signature"), Instant.now()), "signed with the kept secret");

        // A mask with nothing stored behind it is refused, naming the field.
        assertEquals(List.of("secret"), fields(json(admin("POST", "api/v1/admin/notifications", """
                {"id": "new", "type": "webhook", "url": "https://hooks.example.com/x", "secret": "%s"}"""
                .formatted(MASK)), 400)));
        edited.put("url", "https://elsewhere.example.com/" + MASK);
        assertEquals(List.of("url"), fields(json(admin("PUT", "api/v1/admin/notifications/signed",
                JSON.writeValueAsString(edited)), 400)));
    }

    @Test
    void theEgressPolicyGuardsApiChannelsAsItGuardsTheFilesOnes() throws Exception {
        // Cloud metadata addresses are refused by every egress policy: nothing is sent, the attempt is given up.
        json(admin("POST", "api/v1/admin/notifications", hook("metadata", URI.create("http://169.254.169.254/latest"))), 201);
        flip(200, "up");
        flip(500, "down");
        UpwatchServerTest.await("the refused attempt in the delivery log", WAIT, () -> {
            JsonNode log = json(ServerRequests.operator(app, "api/v1/notifications/deliveries"), 200);
            for (JsonNode attempt : log.get("deliveries")) {
                if (attempt.get("channel").asText().equals("metadata")) {
                    assertEquals("dead", attempt.get("outcome").asText());
                    assertTrue(attempt.get("error").asText().startsWith("blocked by egress policy"), attempt.toString());
                    return true;
                }
            }
            return false;
        });
        awaitEvents(fromFile, List.of("service.down"));
    }

    @Test
    void invalidDefinitionsAreProblemsNamingTheFieldAsInTheFile() throws Exception {
        String url = "\"url\": \"https://hooks.example.com/x\"";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", \"url\": \"file:///etc/passwd\"}", "url");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", \"url\": \"gopher://127.0.0.1:70/\"}", "url");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", \"url\": \"https://a.test/" + "p".repeat(2100) + "\"}", "url");
        cases.put("{\"id\": \"x\", \"type\": \"pager\", " + url + "}", "type");
        cases.put("{\"id\": \"bad id!\", \"type\": \"webhook\", " + url + "}", "id");
        cases.put("{\"type\": \"webhook\", " + url + "}", "id");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"events\": [\"down\", \"sideways\"]}", "events[1]");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"remind-every\": \"10s\"}", "remind-every");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"monitors\": [\"nope\"]}", "monitors[0]");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"groups\": [\"Nope\"]}", "groups[0]");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"flap-window\": \"5s\"}", "flap-window");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"certificate-warning\": \"1h\"}", "certificate-warning");
        cases.put("{\"id\": \"x\", \"type\": \"slack\", " + url + ", \"secret\": \"s\"}", "secret");
        cases.put("{\"id\": \"x\", \"type\": \"telegram\", \"bot-token\": \"abc\", \"chat-id\": \"1\"}", "bot-token");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"colour\": \"red\"}", "colour");
        cases.put("{\"id\": \"x\", \"type\": \"webhook\", " + url + ", \"to\": ["
                + String.join(",", java.util.Collections.nCopies(101, "\"a@b.c\"")) + "]}", "to");
        cases.put("[1, 2]", "");
        List<String> failures = new ArrayList<>();
        for (var entry : cases.entrySet()) {
            HttpResponse<String> response = admin("POST", "api/v1/admin/notifications", entry.getKey());
            boolean problemDocument = response.statusCode() == 400
                    && response.headers().firstValue("content-type").orElse("").equals("application/problem+json");
            if (!problemDocument || !fields(JSON.readTree(response.body())).contains(entry.getValue())) {
                failures.add(entry.getValue() + " ← " + entry.getKey().substring(0, Math.min(90, entry.getKey().length()))
                        + ": " + response.statusCode() + " " + response.body());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(List.of("file-hook"), ids(json(admin("GET", "api/v1/admin/notifications", null), 200)));
    }

    @Test
    void channelsOfTheFileAreListedAsConfigAndAreReadOnly() throws Exception {
        JsonNode list = json(admin("GET", "api/v1/admin/notifications", null), 200);
        JsonNode channel = list.get("notifications").get(0);
        assertEquals("file-hook", channel.get("id").asText());
        assertEquals("config", channel.get("source").asText());
        assertTrue(channel.get("definition").isNull());
        assertEquals("http://127.0.0.1:" + fromFile.url().getPort() + "/" + MASK, channel.get("url").asText());
        assertEquals(List.of("down", "up"), texts(channel.get("events")));
        for (HttpResponse<String> refused : List.of(
                admin("PUT", "api/v1/admin/notifications/file-hook", hook("file-hook", first.url())),
                admin("DELETE", "api/v1/admin/notifications/file-hook", null),
                admin("POST", "api/v1/admin/notifications", hook("file-hook", first.url())))) {
            assertEquals(409, refused.statusCode(), refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("content-type").orElseThrow());
        }
        assertEquals(404, admin("PUT", "api/v1/admin/notifications/nope", hook("nope", first.url())).statusCode());
        json(admin("POST", "api/v1/admin/notifications", hook("ops", first.url())), 201);
        assertEquals(409, admin("PUT", "api/v1/admin/notifications/ops", hook("other", first.url())).statusCode(),
                "an id cannot change");
    }

    @Test
    void onlyAnAdminTokenMayReadOrChangeChannels() throws Exception {
        String read = app.tokens().create("reader", TokenScope.READ).secret().value();
        assertEquals(401, ServerRequests.get(app.baseUri(), "api/v1/admin/notifications").statusCode());
        assertEquals(403, ServerRequests.withToken(app.baseUri(), read, "GET", "api/v1/admin/notifications", null)
                .statusCode());
        assertEquals(403, ServerRequests.withToken(app.baseUri(), read, "POST", "api/v1/admin/notifications",
                hook("ops", first.url())).statusCode());
        assertEquals(List.of("file-hook"), ids(json(admin("GET", "api/v1/admin/notifications", null), 200)));
    }

    @Test
    void aReloadAppliesTheFileChannelsAndKeepsTheApiOnes() throws Exception {
        json(admin("POST", "api/v1/admin/notifications", hook("ops", first.url())), 201);
        writeConfig("renamed-hook");
        json(admin("POST", "api/v1/admin/reload", null), 200);
        assertEquals(List.of("renamed-hook", "ops"), ids(json(admin("GET", "api/v1/admin/notifications", null), 200)));
        flip(200, "up");
        flip(500, "down");
        awaitEvents(first, List.of("service.down"));
        awaitEvents(fromFile, List.of("service.down"));
    }

    @Test
    void answersHaveExactlyTheDocumentedProperties() throws Exception {
        JsonNode document = json(ServerRequests.get(app.baseUri(), "api/v1/openapi.json"), 200);
        List<String> problems = new ArrayList<>();
        JsonNode created = json(admin("POST", "api/v1/admin/notifications", """
                {"id": "ops", "type": "webhook", "url": "%s", "secret": "%s", "monitors": ["target"],
                 "remind-every": "30m"}""".formatted(first.url(), SECRET)), 201);
        OpenApiShape.check(document, created, document.at("/components/schemas/AdminChannel"), "AdminChannel", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/notifications", null), 200),
                document.at("/components/schemas/AdminChannelList"), "AdminChannelList", problems);
        OpenApiShape.check(document, json(admin("POST", "api/v1/admin/notifications", "{\"id\": 1}"), 400),
                document.at("/components/schemas/ValidationProblem"), "ValidationProblem", problems);
        OpenApiShape.check(document, json(admin("DELETE", "api/v1/admin/notifications/file-hook", null), 409),
                document.at("/components/schemas/Problem"), "Problem", problems);
        assertEquals(List.of(), problems);
        for (String path : List.of("/api/v1/admin/notifications", "/api/v1/admin/notifications/{id}")) {
            assertTrue(document.get("paths").has(path), path + " is documented");
        }
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("notifications").forEach(channel -> ids.add(channel.get("id").asText()));
        return ids;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
