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
 * The home, service, history, report and not-found pages are valid HTML by the Nu Html Checker (the W3C's validator),
 * with a service down, an incident open and its timeline shown, in English and translated (German, Japanese, French,
 * Spanish), and a further page under its prefix: zero errors (issue #17 found seven, all from {@code <time>}); see
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
                "/?lang=fr", "/services/target?lang=fr", "/?lang=es", "/history?lang=es", "/p/backend/",
                "/p/backend/services/target", "/p/backend/?lang=fr", "/p/backend/report?lang=es")) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(app.baseUri().resolve(page)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(page.contains("nope") ? 404 : 200, response.statusCode(), page);
            Path file = data.resolve("page" + page.replaceAll("[/?=]", "-") + ".html");
            Files.write(file, response.body());
            files.add(file.toString());
        }
        List<String> errors = MarkupChecker.errors(files.stream().map(Path::of).toList());
        assertEquals(List.of(), errors, "Nu Html Checker errors");
    }
}
