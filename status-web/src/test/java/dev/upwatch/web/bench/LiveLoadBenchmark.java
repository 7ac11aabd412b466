package dev.upwatch.web.bench;

import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.LatencyHistogram;
import dev.upwatch.core.service.SchedulerStats;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.UpwatchApplication;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: the status page under a traffic spike (issue #17). Upwatch watches {@code bench.services} HTTP monitors
 * every 30 s (plus one, {@code flip}, every second) on a target in its own process, with the embedded database, while
 * wrk (Debian package {@code wrk}) saturates {@code /} and then {@code /api/v1/status} with gzip from 16 connections
 * for {@code bench.seconds}. Meanwhile the flip target changes every 6 s, and an open page's event stream
 * ({@code /live}) is timed from the engine's status change to the page's new row. Prints wrk's figures, the checks'
 * start lateness, samples lost and those delays. Run with the command in docs/benchmarks.md.
 */
public final class LiveLoadBenchmark {
    private static final int SERVICES = Integer.getInteger("bench.services", 1_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    /** Services that change status at every check, each checked every second: this many changes a second. */
    private static final int CHURN = Integer.getInteger("bench.churn", 0);
    /** Seconds between the checks of the other services. */
    private static final int EVERY = Integer.getInteger("bench.every", 30);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 40);
    private static final Pattern FLIP_ROW = Pattern.compile("id=\\\\\"service-flip\\\\\" data-service-id=\\\\\"flip\\\\\" data-status=\\\\\"(\\w+)");

    private LiveLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Process target = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LoadTarget.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int port = Integer.parseInt(new BufferedReader(new InputStreamReader(target.getInputStream())).readLine().trim());
        Path data = Files.createTempDirectory("upwatch-live-load");
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { data-dir: "%s" }
                page: { title: "Spike", refresh: 30s }
                monitors:
                  - { id: flip, name: Flip, group: Flip, type: http, url: "http://127.0.0.1:%d/flip", interval: 1s,
                      timeout: 800ms, failure-threshold: 1, success-threshold: 1 }
                """.formatted(data.toString().replace("\\", "/"), port));
        for (int i = 0; i < SERVICES; i++) {
            boolean churn = i < CHURN;
            yaml.append("  - { id: s").append(i).append(", name: \"Service ").append(i).append("\", group: \"Group ")
                    .append(i % 20).append("\", type: http, url: \"http://127.0.0.1:").append(port)
                    .append(churn ? "/churn/s" + i : "/health").append("\", interval: ").append(churn ? 1 : EVERY)
                    .append(churn ? "s, timeout: 800ms, failure-threshold: 1, success-threshold: 1 }\n" : "s, timeout: 5s }\n");
        }
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(LiveLoadBenchmark.class.getClassLoader()), Map.of())
                .parse(yaml.toString(), "spike.yml", data);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (UpwatchApplication app = UpwatchApplication.start(config, Clock.systemUTC(), EngineSettings.defaults())) {
            Thread.sleep(WARMUP * 1_000L); // every monitor checked once (no verdict: within 5 s), the JIT warm
            System.out.printf(Locale.ROOT, "%d monitors (%d changing status every 1 s, the others checked every %d s) + 1"
                    + " every 1 s, wrk -t%d -c%d -d%ds, gzip%n", SERVICES, CHURN, EVERY, THREADS, CONNECTIONS, SECONDS);
            for (String path : List.of("/", "/api/v1/status")) {
                spike(app, http, URI.create("http://127.0.0.1:" + port + "/"), path);
            }
        } finally {
            target.getOutputStream().close();
            target.waitFor();
        }
    }

    private static void spike(UpwatchApplication app, HttpClient http, URI targetBase, String path) throws Exception {
        UpwatchEngine engine = app.engine();
        SchedulerStats before = engine.schedulerStats();
        long writtenBefore = engine.sampleBuffer().written();
        long droppedBefore = engine.sampleBuffer().dropped();
        String home = http.send(HttpRequest.newBuilder(app.baseUri()).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher version = Pattern.compile("data-version=\"([^\"]+)\"").matcher(home);
        version.find();
        AtomicReference<String> shown = new AtomicReference<>("up");
        List<long[]> shownAt = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(
                        app.baseUri().resolve("live?page=%2F&since=" + version.group(1))).build(),
                        HttpResponse.BodyHandlers.ofLines());
                stream.body().forEach(line -> {
                    Matcher row = FLIP_ROW.matcher(line);
                    if (line.startsWith("data:") && row.find() && !row.group(1).equals(shown.get())) {
                        shown.set(row.group(1));
                        shownAt.add(new long[] {System.nanoTime(), row.group(1).equals("down") ? 1 : 0});
                    }
                });
            } catch (Exception e) {
                // the stream ends with the application
            }
        });
        long versionBefore = version(http, app);
        Process wrk = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + SECONDS + "s", "--latency",
                "-H", "Accept-Encoding: gzip", app.baseUri().resolve(path).toString())
                .redirectErrorStream(true).start();
        List<Long> delays = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(SECONDS - 8).toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(6_000);
            boolean down = Boolean.parseBoolean(http.send(HttpRequest.newBuilder(targetBase.resolve("toggle"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body());
            String wanted = down ? "down" : "up";
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long changed = 0;
            while (System.nanoTime() < deadline && changed == 0) {
                if (engine.statusQuery().snapshot().services().getFirst().status().wireName().equals(wanted)) {
                    changed = System.nanoTime();
                }
                Thread.sleep(2);
            }
            while (System.nanoTime() < deadline && !shown.get().equals(wanted)) {
                Thread.sleep(2);
            }
            long page = shownAt.isEmpty() ? 0 : shownAt.getLast()[0];
            delays.add(changed == 0 || !shown.get().equals(wanted) ? -1 : (page - changed) / 1_000_000);
        }
        String report = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        long versions = version(http, app) - versionBefore;
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        SchedulerStats after = engine.schedulerStats();
        LatencyHistogram.Snapshot lateness = after.lateness().minus(before.lateness());
        long completed = after.checksCompleted() - before.checksCompleted();
        System.out.printf(Locale.ROOT, "%n== %s ==%n%s", path, report);
        System.out.printf(Locale.ROOT, "checks completed %d, samples written %d (+ %d in the buffer), dropped %d, late starts"
                        + " (> 1 s) %d; start lateness p50 %s, p99 %s, max %s%n", completed,
                engine.sampleBuffer().written() - writtenBefore, engine.sampleBuffer().depth(),
                engine.sampleBuffer().dropped() - droppedBefore, after.lateStarts() - before.lateStarts(),
                lateness.percentile(0.5), lateness.percentile(0.99), lateness.percentile(1.0));
        System.out.printf(Locale.ROOT, "status change -> open page's row (ms; -1 = not within 5 s): %s%n", delays);
        System.out.printf(Locale.ROOT, "home page versions made during the run: %d (%.1f a second); load average at the"
                + " end: %s%n", versions, versions / (double) SECONDS, load);
    }

    /** The snapshot version of a fresh load of the home page. */
    private static long version(HttpClient http, UpwatchApplication app) throws Exception {
        String home = http.send(HttpRequest.newBuilder(app.baseUri()).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher tag = Pattern.compile("data-version=\"[^\"]*-(\\d+)\"").matcher(home);
        return tag.find() ? Long.parseLong(tag.group(1)) : -1;
    }
}
