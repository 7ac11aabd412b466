package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The home, service, history, report and not-found pages are valid HTML by the Nu Html Checker (the W3C's validator),
 * with a service down, an incident open and its timeline shown, in English and translated (German, Japanese), and a
 * further page under its prefix: zero errors (issue #17 found seven, all from {@code <time>}). The
 * checker runs in a child JVM on the classpath the {@code markup-check} module resolved: it needs its own Jetty 11
 * client, which cannot share a classpath with our Jetty 12.
 */
class MarkupValidityTest {
    private static final Path CHECKER_CLASSPATH = Path.of("..", "markup-check", "target", "classpath.txt");

    private final HttpClient http = HttpClient.newHttpClient();
    private FlippableTarget target;
    private WebhookReceiver receiver;
    private UpwatchApplication app;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (target != null) {
            target.close();
            receiver.close();
        }
    }

    @Test
    void theHomeServiceAndHistoryPagesHaveNoErrors() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s", "", """
                pages:
                  - { slug: backend, title: "Backend", groups: [Backend], accent: "#0a7", language: ja }
                """), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        target.answer(503);
        UpwatchServerTest.await("an incident with a timeline", Duration.ofSeconds(15), () -> !app.incidents().active().isEmpty());
        List<String> files = new ArrayList<>();
        for (String page : List.of("/", "/services/target", "/services/closed", "/history", "/report",
                "/report/services/target", "/?lang=de", "/services/target?lang=de", "/history?lang=de", "/report?lang=de",
                "/services/nope?lang=de", "/?lang=ja", "/services/target?lang=ja", "/history?lang=ja", "/report?lang=ja",
                "/p/backend/", "/p/backend/services/target")) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(app.baseUri().resolve(page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(page.contains("nope") ? 404 : 200, response.statusCode(), page);
            Path file = data.resolve("page" + page.replaceAll("[/?=]", "-") + ".html");
            Files.write(file, response.body());
            files.add(file.toString());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Files.readString(CHECKER_CLASSPATH).strip(), "nu.validator.client.SimpleCommandLineValidator",
                "--format", "json", "--errors-only"));
        command.addAll(files);
        Process checker = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(checker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(checker.waitFor(2, TimeUnit.MINUTES), "the checker ends");
        List<String> errors = new ArrayList<>();
        JsonNode report = new ObjectMapper().readTree(output.substring(output.indexOf('{')));
        for (JsonNode message : report.path("messages")) {
            errors.add(message.path("url").asText().replaceAll(".*/", "") + ":" + message.path("lastLine").asText() + ": "
                    + message.path("message").asText() + " [" + message.path("extract").asText() + "]");
        }
        assertEquals(0, checker.exitValue(), output);
        assertEquals(List.of(), errors, "Nu Html Checker errors");
    }
}
