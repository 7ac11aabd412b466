package dev.upwatch.web;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            // Both: a check is counted after the status change it caused has been announced (incidents, outbox writes).
            UpwatchServerTest.await("the target down and its failures counted", Duration.ofSeconds(15), () -> {
                String text = ServerRequests.operator(app, "metrics").body();
                return value(text, "upwatch_monitor_up{group=\"Backend\",monitor=\"target\"}") == 0.0
                        && value(text, "upwatch_checks_total{group=\"Backend\",monitor=\"target\",outcome=\"failure\"}") >= 2;
            });

            HttpResponse<String> response = ServerRequests.operator(app, "metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            String text = response.body();
            assertEquals(4.0, value(text, "upwatch_monitor_status{group=\"Backend\",monitor=\"target\"}"), "DOWN is severity 4");
            assertTrue(value(text, "upwatch_checks_total{group=\"Backend\",monitor=\"target\",outcome=\"failure\"}") >= 2);
            assertTrue(value(text, "upwatch_monitor_response_time_seconds{group=\"Backend\",monitor=\"target\"}") > 0);
            assertTrue(text.contains("upwatch_check_duration_seconds_bucket{outcome=\"success\""), "a check-duration histogram");
            Matcher bucket = Pattern.compile("(?m)^upwatch_check_duration_seconds_bucket\\{outcome=\"success\",le=\"([^\"]+)\"} ")
                    .matcher(text);
            List<String> bounds = new ArrayList<>();
            while (bucket.find()) {
                bounds.add(bucket.group(1));
            }
            assertEquals(List.of("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5",
                    "5.0", "10.0", "30.0", "60.0", "+Inf"), bounds, "16 buckets per outcome, as docs/api.md lists them");
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
        try (TlsTarget tls = new TlsTarget(data, 30)) {
            String yaml = """
                    server: { host: 127.0.0.1, port: 0, auth: { protect-metrics: false } }
                    security: { egress: { allow: [127.0.0.0/8] } }  # the monitors target loopback
                    storage: { data-dir: "%s" }
                    monitors:
                      - { id: shown, name: "Shown", group: Front, type: tcp, host: 127.0.0.1, port: 9, interval: 1s, timeout: 800ms }
                      - { id: shown-tls, name: "Shown TLS", group: Front, type: tls, host: 127.0.0.1, port: %d, insecure: true,
                          interval: 1s, timeout: 800ms }
                      - { id: covert, name: "Covert", group: Vault, type: tls, host: 127.0.0.1, port: %2$d, insecure: true,
                          interval: 1s, timeout: 800ms, private: true }
                    """.formatted(data.toString().replace("\\", "/"), tls.port());
            try (UpwatchApplication app = UpwatchApplication.start(new dev.upwatch.web.config.ConfigLoader(
                    dev.upwatch.core.probe.ProbeRegistry.load(getClass().getClassLoader()), java.util.Map.of())
                    .parse(yaml, "test.yml", data), Clock.systemUTC(), UpwatchServerTest.fastEngine())) {
                UpwatchServerTest.await("the private monitor's certificate and uptime known to the engine", Duration.ofSeconds(15),
                        () -> app.engine().statusQuery().service(MonitorId.of("covert"))
                                .filter(s -> s.uptime(UptimeWindow.H24).isPresent())
                                .flatMap(ServiceStatus::lastSample).flatMap(Sample::certificateExpiry).isPresent());
                UpwatchServerTest.await("the public monitors' checks, certificate and uptime in the metrics", Duration.ofSeconds(15), () -> {
                    String text = ServerRequests.get(app.baseUri(), "metrics").body();
                    return text.contains("monitor=\"shown\",outcome=\"failure\"")
                            && text.contains("upwatch_monitor_certificate_expiry_timestamp_seconds{group=\"Front\",monitor=\"shown-tls\"}")
                            && text.contains("upwatch_monitor_uptime_ratio{group=\"Front\",monitor=\"shown-tls\",window=\"24h\"}");
                });
                HttpResponse<String> scrape = ServerRequests.get(app.baseUri(), "metrics");
                assertEquals(200, scrape.statusCode(), "protect-metrics: false makes /metrics as public as the page");
                assertTrue(scrape.body().contains("upwatch_monitor_status{group=\"Front\",monitor=\"shown\"}"), scrape.body());
                assertEquals(tls.notAfter().getEpochSecond(), value(scrape.body(),
                        "upwatch_monitor_certificate_expiry_timestamp_seconds{group=\"Front\",monitor=\"shown-tls\"}"));
                assertFalse(scrape.body().contains("covert") || scrape.body().contains("Vault"),
                        "no series of the private monitor: " + scrape.body());
            }
        }
    }
}
