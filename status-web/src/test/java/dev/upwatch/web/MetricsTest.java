package dev.upwatch.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} of a running instance, in the Prometheus text format. */
class MetricsTest {

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
            UpwatchServerTest.await("two successful checks of the target", Duration.ofSeconds(15), () -> {
                String text = ServerRequests.operator(app, "metrics").body();
                return text.contains("monitor=\"target\",outcome=\"success\"")
                        && value(text, "upwatch_checks_total{group=\"Backend\",monitor=\"target\",outcome=\"success\"}") >= 2;
            });
            target.answer(503);
            UpwatchServerTest.await("the target down", Duration.ofSeconds(15), () -> value(
                    ServerRequests.operator(app, "metrics").body(),
                    "upwatch_monitor_up{group=\"Backend\",monitor=\"target\"}") == 0.0);

            HttpResponse<String> response = ServerRequests.operator(app, "metrics");
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

    @Test
    void metricsReadableWithoutATokenNameNoPrivateMonitor(@TempDir Path data) throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0, auth: { protect-metrics: false } }
                security: { egress: { allow: [127.0.0.0/8] } }  # the monitors target loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: shown, name: "Shown", group: Front, type: tcp, host: 127.0.0.1, port: 9, interval: 1s, timeout: 800ms }
                  - { id: covert, name: "Covert", group: Vault, type: tcp, host: 127.0.0.1, port: 9, interval: 1s,
                      timeout: 800ms, private: true }
                """.formatted(data.toString().replace("\\", "/"));
        try (UpwatchApplication app = UpwatchApplication.start(new dev.upwatch.web.config.ConfigLoader(
                dev.upwatch.core.probe.ProbeRegistry.load(getClass().getClassLoader()), java.util.Map.of())
                .parse(yaml, "test.yml", data), Clock.systemUTC(), UpwatchServerTest.fastEngine())) {
            UpwatchServerTest.await("checks of both monitors counted", Duration.ofSeconds(15), () -> {
                String text = ServerRequests.get(app.baseUri(), "metrics").body();
                return text.contains("monitor=\"shown\",outcome=\"failure\"")
                        && value(text, "upwatch_check_duration_seconds_count{outcome=\"failure\"}") >= 4;
            });
            HttpResponse<String> scrape = ServerRequests.get(app.baseUri(), "metrics");
            assertEquals(200, scrape.statusCode(), "protect-metrics: false makes /metrics as public as the page");
            assertTrue(scrape.body().contains("upwatch_monitor_status{group=\"Front\",monitor=\"shown\"}"), scrape.body());
            assertFalse(scrape.body().contains("covert") || scrape.body().contains("Vault"),
                    "no series of the private monitor: " + scrape.body());
        }
    }
}
