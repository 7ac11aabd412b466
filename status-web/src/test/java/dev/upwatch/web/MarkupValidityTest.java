package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The home, service and history pages are valid HTML by the Nu Html Checker (the W3C's validator), with a service
 * down, an incident open and its timeline shown: zero errors (issue #17 found seven, all from {@code <time>}); see
 * {@link MarkupChecker}.
 */
class MarkupValidityTest {
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
        List<String> errors = MarkupChecker.errors(files.stream().map(Path::of).toList());
        assertEquals(List.of(), errors, "Nu Html Checker errors");
    }
}
