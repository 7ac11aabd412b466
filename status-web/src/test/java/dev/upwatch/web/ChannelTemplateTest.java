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

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channel's message template end to end on a real server: a Slack-type channel of the file delivers its rendered
 * template to a real receiver on 127.0.0.1 on a DOWN, and the preview endpoint answers the same text without sending.
 */
class ChannelTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Only variables whose values are the same for the sample event of the preview and the real DOWN. */
    private static final String TEMPLATE = "*{{status}}* (was {{previous}}) & <check it>";

    @TempDir
    Path data;
    private FlippableTarget target;
    private WebhookReceiver receiver;
    private UpwatchApplication app;
    private String adminToken;

    @BeforeEach
    void start() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        Path file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                storage: { data-dir: "%s" }
                security: { egress: { deny-private: false } }
                monitors:
                  - { id: target, name: "Target API", type: http, url: "%s", interval: 1s, timeout: 800ms,
                      failure-threshold: 1 }
                notifications:
                  - id: chat
                    type: slack
                    url: "%s"
                    events: [down]
                    template: "%s"
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl(), receiver.url(),
                TEMPLATE), StandardCharsets.UTF_8);
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(file), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        adminToken = app.tokens().create("template-test", TokenScope.ADMIN).secret().value();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        target.close();
        receiver.close();
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return ServerRequests.withToken(app.baseUri(), adminToken, method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response, int expected) throws Exception {
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private String status() throws Exception {
        HttpResponse<String> response = ServerRequests.get(app.baseUri(), "api/v1/services/target");
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("service").get("status").asText() : "absent";
    }

    @Test
    void aDownDeliversTheRenderedTemplateAndThePreviewShowsTheSameText() throws Exception {
        target.answer(200);
        UpwatchServerTest.await("target up", WAIT, () -> status().equals("up"));
        JsonNode preview = json(admin("POST", "api/v1/admin/notifications/chat/preview", null), 200);
        assertEquals(0, receiver.deliveries().size(), "a preview sends nothing");

        target.answer(500);
        UpwatchServerTest.await("the DOWN delivered", WAIT, () -> !receiver.deliveries().isEmpty());
        JsonNode sent = JSON.readTree(receiver.deliveries().getFirst().body());
        assertEquals("*down* (was up) & <check it>", sent.get("text").asText());
        assertEquals(List.of("text"), names(sent), "the template replaces the type's own message");
        assertEquals(sent.get("text").asText(), preview.get("text").asText());
        assertEquals("chat", preview.get("channel").asText());
        assertEquals(TEMPLATE, json(admin("GET", "api/v1/admin/notifications/chat", null), 200).get("template").asText());
    }

    @Test
    void aPreviewTakesATemplateOfTheBodyUnderBothNamesAndEscapesValuesForTheChannel() throws Exception {
        JsonNode preview = json(admin("POST", "api/v1/admin/channels/chat/preview",
                "{\"template\": \"{{monitor.name}} <{{monitor.id}}>: {{reason}}\"}"), 200);
        assertEquals("Upwatch test notification <upwatch-test>: connection refused", preview.get("text").asText());
        JsonNode document = json(ServerRequests.get(app.baseUri(), "api/v1/openapi.json"), 200);
        List<String> problems = new ArrayList<>();
        OpenApiShape.check(document, preview, document.at("/components/schemas/ChannelPreview"), "ChannelPreview", problems);
        OpenApiShape.check(document, json(admin("GET", "api/v1/admin/notifications/chat", null), 200),
                document.at("/components/schemas/AdminChannel"), "AdminChannel", problems);
        assertEquals(List.of(), problems);
        for (String path : List.of("/api/v1/admin/notifications/{id}/preview", "/api/v1/admin/channels/{id}/preview")) {
            assertTrue(document.get("paths").has(path), path + " is documented");
        }
        assertEquals(404, admin("POST", "api/v1/admin/channels/nothing/preview", null).statusCode());
        assertEquals(401, ServerRequests.withToken(app.baseUri(), "nope", "POST", "api/v1/admin/channels/chat/preview",
                null).statusCode());
    }

    @Test
    void badTemplatesAreProblemsNamingTemplate() throws Exception {
        String url = "\"url\": \"" + receiver.url() + "\"";
        for (HttpResponse<String> refused : List.of(
                admin("POST", "api/v1/admin/notifications/chat/preview", "{\"template\": \"{{7*7}}\"}"),
                admin("POST", "api/v1/admin/channels/chat/preview", "{\"template\": \"oops {{status\"}"),
                admin("POST", "api/v1/admin/notifications/chat/preview", "{\"template\": 7}"),
                admin("POST", "api/v1/admin/notifications", "{\"id\": \"x\", \"type\": \"slack\", " + url
                        + ", \"template\": \"{{monitor.password}}\"}"),
                admin("POST", "api/v1/admin/notifications", "{\"id\": \"x\", \"type\": \"slack\", " + url
                        + ", \"template\": \"" + "x".repeat(2_001) + "\"}"))) {
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("content-type").orElseThrow());
            JsonNode problem = JSON.readTree(refused.body());
            List<String> fields = new ArrayList<>();
            problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
            assertEquals(List.of("template"), fields, refused.body());
        }
        JsonNode unknown = JSON.readTree(admin("POST", "api/v1/admin/notifications/chat/preview",
                "{\"template\": \"{{7*7}}\"}").body());
        assertTrue(unknown.toString().contains("unknown variable '7*7' (known: monitor.name"), unknown.toString());

        json(admin("POST", "api/v1/admin/notifications", "{\"id\": \"plain\", \"type\": \"slack\", " + url + "}"), 201);
        assertEquals(400, admin("POST", "api/v1/admin/notifications/plain/preview", null).statusCode(),
                "no template to preview");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
