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
 * The home, service and history pages are valid HTML by the Nu Html Checker (the W3C's validator), with a service
 * down, an incident open and its timeline shown: zero errors (issue #17 found seven, all from {@code <time>}). The
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
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"), Clock.systemUTC(),
                UpwatchServerTest.fastEngine());
        target.answer(503);
        UpwatchServerTest.await("an incident with a timeline", Duration.ofSeconds(15), () -> !app.incidents().active().isEmpty());
        List<String> files = new ArrayList<>();
        for (String page : List.of("/", "/services/target", "/services/closed", "/history")) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(app.baseUri().resolve(page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), page);
            Path file = data.resolve((page.equals("/") ? "home" : page.substring(1).replace('/', '-')) + ".html");
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
