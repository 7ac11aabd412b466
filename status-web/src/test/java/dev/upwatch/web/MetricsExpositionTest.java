package dev.upwatch.web;

import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real application's {@code /metrics}, with every series family present (monitors up, degraded, down, in
 * maintenance and without a verdict; checks of every outcome; a certificate; uptime; notifications delivered and
 * failed; a private monitor), passes Prometheus' own {@code promtool check metrics}, and every Upwatch family is
 * documented in docs/api.md. Needs {@code promtool} (Debian package {@code prometheus}); fails, never skips,
 * without it.
 */
class MetricsExpositionTest {
    private static final Path API_DOC = Path.of("..", "docs", "api.md");
    private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

    /** Every family the scrape below must hold: what is exposed per monitor, per check and per instance. */
    private static final Set<String> UPWATCH_FAMILIES = Set.of(
            "upwatch_monitor_status", "upwatch_monitor_up", "upwatch_monitor_response_time_seconds",
            "upwatch_monitor_certificate_expiry_timestamp_seconds", "upwatch_monitor_uptime_ratio",
            "upwatch_checks_total", "upwatch_check_duration_seconds", "upwatch_check_duration_seconds_max",
            "upwatch_scheduler_late_starts_total", "upwatch_scheduler_overlaps_skipped_total",
            "upwatch_scheduler_lateness_max_seconds", "upwatch_scheduler_lateness_p99_seconds",
            "upwatch_samples_buffered", "upwatch_samples_written_total", "upwatch_samples_dropped_total",
            "upwatch_notifications_total", "upwatch_outbox_pending", "upwatch_outbox_picked_up_total");

    @TempDir
    Path dir;

    /** {@code UPWATCH_PROMTOOL}, else {@code promtool} on the {@code PATH}. */
    static Path promtool() {
        Optional<Path> found = Optional.ofNullable(System.getenv("UPWATCH_PROMTOOL")).map(Path::of)
                .or(() -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(entry -> !entry.isEmpty())
                        .map(entry -> Path.of(entry, "promtool")).filter(Files::isExecutable).findFirst());
        assertTrue(found.isPresent() && Files.isExecutable(found.get()), "this test needs Prometheus' promtool: "
                + "apt-get install -y prometheus (Debian's package ships /usr/bin/promtool; .ci/run does), "
                + "or set UPWATCH_PROMTOOL to its path");
        return found.get();
    }

    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    /** Scrapes until every expectation holds; on timeout names those that did not, with the last scrape. */
    private static void awaitScrape(UpwatchApplication app, Map<String, Predicate<String>> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        List<String> missing;
        String text;
        do {
            text = ServerRequests.operator(app, "metrics").body();
            String scrape = text;
            missing = wanted.entrySet().stream().filter(e -> !e.getValue().test(scrape)).map(Map.Entry::getKey).toList();
            if (missing.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not seen within 45 s: " + missing + " in:\n" + text);
    }

    /** Runs {@code promtool check metrics} on {@code scrape} and asserts it finds nothing. */
    static void assertPromtoolClean(Path dir, String scrape) throws Exception {
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, scrape, StandardCharsets.UTF_8);
        Process check = new ProcessBuilder(promtool().toString(), "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + verdict + "\non:\n" + scrape);
        assertEquals("", verdict.strip(), "promtool's findings");
    }

    @Test
    void theExpositionOfEveryFamilyPassesPromtoolAndIsDocumented() throws Exception {
        promtool(); // fails early, before the application starts, when it is missing
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (FlippableTarget healthy = new FlippableTarget(); FlippableTarget broken = new FlippableTarget();
             WebhookReceiver receiver = new WebhookReceiver(); TlsTarget tls = new TlsTarget(dir, 30)) {
            broken.answer(503);
            String yaml = """
                    server: { host: 127.0.0.1, port: 0 }
                    security: { egress: { allow: [127.0.0.1/32] } }  # 127.0.0.2 stays refused: blocked checks
                    storage: { data-dir: "%s" }
                    monitors:
                      - { id: api, name: "API", group: Backend, type: http, url: "%s", interval: 1s, timeout: 800ms }
                      - { id: broken, name: "Broken", group: Backend, type: http, url: "%s", interval: 1s, timeout: 800ms,
                          failure-threshold: 1 }
                      - { id: edge, name: "Edge", group: 'Edge "west" \\ 1', type: tls, host: 127.0.0.1, port: %d,
                          insecure: true, interval: 1s, timeout: 800ms, degraded-above: 1ms }
                      - { id: vault, name: "Vault", group: Vault, type: tls, host: 127.0.0.1, port: %4$d, insecure: true,
                          interval: 1s, timeout: 800ms, private: true }
                      - { id: fenced, name: "Fenced", type: tcp, host: 127.0.0.2, port: 9, interval: 1s, timeout: 800ms }
                      - { id: upkeep, name: "Upkeep", type: tcp, host: 127.0.0.1, port: 9, interval: 1s, timeout: 800ms }
                      - { id: nightly, name: "Nightly", type: push, token: "metrics-exposition-test-token-0123", interval: 1h }
                    maintenance:
                      - { title: Upkeep, monitors: [upkeep], start: "%s", end: "%s" }
                    notifications:
                      - { id: hook, type: webhook, url: "%s", events: [down] }
                      - { id: refused, type: webhook, url: "%s", events: [down] }
                    """.formatted(dir.toString().replace("\\", "/"), healthy.healthUrl(), broken.healthUrl(), tls.port(),
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), receiver.url(),
                    healthy.healthUrl().resolve("/nowhere")); // the target answers 404 there: failed at once
            try (UpwatchApplication app = UpwatchApplication.start(new ConfigLoader(
                    ProbeRegistry.load(getClass().getClassLoader()), Map.of()).parse(yaml, "test.yml", dir),
                    Clock.systemUTC(), UpwatchServerTest.fastEngine())) {
                Map<String, Predicate<String>> wanted = new LinkedHashMap<>();
                wanted.put("api up", text -> value(text, "upwatch_monitor_status{group=\"Backend\",monitor=\"api\"}") == 0);
                wanted.put("upkeep in maintenance",
                        text -> value(text, "upwatch_monitor_status{group=\"Services\",monitor=\"upkeep\"}") == 1);
                wanted.put("nightly without a verdict",
                        text -> value(text, "upwatch_monitor_status{group=\"Services\",monitor=\"nightly\"}") == 2);
                wanted.put("edge degraded (its group quoted)",
                        text -> value(text, "upwatch_monitor_status{group=\"Edge \\\"west\\\" \\\\ 1\",monitor=\"edge\"}") == 3);
                wanted.put("broken down", text -> value(text, "upwatch_monitor_status{group=\"Backend\",monitor=\"broken\"}") == 4);
                wanted.put("a blocked check",
                        text -> value(text, "upwatch_checks_total{group=\"Services\",monitor=\"fenced\",outcome=\"blocked\"}") >= 1);
                wanted.put("an error check",
                        text -> value(text, "upwatch_checks_total{group=\"Services\",monitor=\"upkeep\",outcome=\"error\"}") >= 1);
                wanted.put("the private monitor's certificate", text -> value(text,
                        "upwatch_monitor_certificate_expiry_timestamp_seconds{group=\"Vault\",monitor=\"vault\"}")
                        == tls.notAfter().getEpochSecond());
                wanted.put("api's uptime",
                        text -> value(text, "upwatch_monitor_uptime_ratio{group=\"Backend\",monitor=\"api\",window=\"24h\"}") == 1);
                wanted.put("broken's uptime",
                        text -> value(text, "upwatch_monitor_uptime_ratio{group=\"Backend\",monitor=\"broken\",window=\"30d\"}") == 0);
                wanted.put("a delivered notification", text -> value(text, "upwatch_notifications_total{outcome=\"delivered\"}") >= 1);
                wanted.put("a failed notification", text -> value(text, "upwatch_notifications_total{outcome=\"failed\"}") >= 1);
                awaitScrape(app, wanted);
                String scrape = ServerRequests.operator(app, "metrics").body();
                assertPromtoolClean(dir, scrape);

                Set<String> families = new TreeSet<>();
                Matcher type = FAMILY.matcher(scrape);
                while (type.find()) {
                    families.add(type.group(1));
                }
                Set<String> missing = new TreeSet<>(UPWATCH_FAMILIES);
                missing.removeAll(families);
                assertEquals(Set.of(), missing, "families missing from the scrape");
                String doc = Files.readString(API_DOC);
                List<String> undocumented = families.stream()
                        .filter(name -> name.startsWith("upwatch_") || name.startsWith("process_cpu_seconds")
                                || name.startsWith("system_cpu_processors"))
                        .filter(name -> !doc.contains("`" + name + "`") && !doc.contains("`" + name + "{")).toList();
                assertEquals(List.of(), undocumented, "families exposed but not named in docs/api.md");
            }
        }
    }
}
