package dev.upwatch.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} of a running instance, in the Prometheus text format. */
class MetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(matcher.find(), "series " + series + " in:\n" + scrape);
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void exposesMonitorSchedulerStorageNotificationAndJvmMetrics(@TempDir Path data) throws Exception {
        try (FlippableTarget target = new FlippableTarget(); WebhookReceiver receiver = new WebhookReceiver();
             UpwatchApplication app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"),
                     Clock.systemUTC(), UpwatchServerTest.fastEngine())) {
            HttpRequest scrape = HttpRequest.newBuilder(app.baseUri().resolve("metrics")).build();
            UpwatchServerTest.await("two successful checks of the target", Duration.ofSeconds(15), () -> {
                String text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                return text.contains("monitor=\"target\",outcome=\"success\"")
                        && value(text, "upwatch_checks_total{group=\"Backend\",monitor=\"target\",outcome=\"success\"}") >= 2;
            });
            target.answer(503);
            // Both: a check is counted after the status change it caused has been announced (incidents, outbox writes).
            UpwatchServerTest.await("the target down and its failures counted", Duration.ofSeconds(15), () -> {
                String text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                return value(text, "upwatch_monitor_up{group=\"Backend\",monitor=\"target\"}") == 0.0
                        && text.contains("monitor=\"target\",outcome=\"failure\"") && value(text, "upwatch_checks_total{group=\"Backend\",monitor=\"target\",outcome=\"failure\"}") >= 2;
            });

            HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            String text = response.body();
            assertEquals(4.0, value(text, "upwatch_monitor_status{group=\"Backend\",monitor=\"target\"}"), "DOWN is severity 4");
            assertTrue(value(text, "upwatch_checks_total{group=\"Backend\",monitor=\"target\",outcome=\"failure\"}") >= 2);
            assertTrue(value(text, "upwatch_monitor_response_time_seconds{group=\"Backend\",monitor=\"target\"}") > 0);
            assertTrue(text.contains("upwatch_check_duration_seconds_bucket{outcome=\"success\""), "a check-duration histogram");
            assertTrue(value(text, "upwatch_samples_written_total") >= 0);
            assertEquals(0.0, value(text, "upwatch_samples_dropped_total"));
            assertTrue(text.contains("upwatch_samples_buffered "));
            assertTrue(text.contains("upwatch_scheduler_late_starts_total "));
            assertTrue(text.contains("upwatch_notifications_total{outcome=\"delivered\"}"));
            assertTrue(text.contains("jvm_memory_used_bytes{"), "JVM metrics");
        }
    }
}
