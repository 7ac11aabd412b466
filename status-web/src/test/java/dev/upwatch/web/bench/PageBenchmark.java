package dev.upwatch.web.bench;

import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.RollupRecorder;
import dev.upwatch.web.UpwatchApplication;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: measures the status page and the summary API with 1,000 services × 90 days of history (one check
 * per service per hour in the in-memory store: 2.16 million samples), on loopback with the JDK HttpClient.
 * Run with the command in docs/benchmarks.md. Prints home-page latency p50/p99, the page's gzip transfer size,
 * and {@code /api/v1/status} requests per second.
 */
public final class PageBenchmark {
    private static final int SERVICES = Integer.getInteger("bench.services", 1_000);
    private static final int DAYS = 90;
    private static final int PAGE_REQUESTS = Integer.getInteger("bench.pageRequests", 300);
    private static final Duration LOAD_TIME = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 16);
    /** How often each monitor checks: 1h changes the page ~0.3 times a second, 1m ~17 times. */
    private static final String INTERVAL = System.getProperty("bench.interval", "1h");
    /**
     * Status pages configured besides the default one (which keeps every service): page {@code i} shows the groups
     * whose number modulo {@code bench.pages} is {@code i}, so together they show every service once more.
     */
    private static final int PAGES = Integer.getInteger("bench.pages", 0);

    private PageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("upwatch-bench");
        UpwatchConfig config = config(data);
        long fillStart = System.nanoTime();
        InMemorySampleStore store = history(Instant.now());
        InMemoryRollupStore rollups = rollups(config, store);
        System.out.printf(Locale.ROOT, "monitors check every %s; %d status pages besides the default one%n", INTERVAL,
                PAGES);
        System.out.printf(Locale.ROOT, "history: %d services x %d days, %,d samples, filled in %.1f s%n", SERVICES, DAYS,
                (long) SERVICES * DAYS * 24, (System.nanoTime() - fillStart) / 1e9);

        List<Module> modules = List.of(Modules.override(UpwatchApplication.modules(config, Clock.systemUTC(),
                EngineSettings.defaults().withHistoryRefresh(Duration.ofMinutes(10))))
                .with(binder -> {
                    binder.bind(SampleStore.class).toInstance(store);
                    binder.bind(RollupStore.class).toInstance(rollups);
                }));
        long startAt = System.nanoTime();
        try (UpwatchApplication app = UpwatchApplication.start(modules)) {
            System.out.printf(Locale.ROOT, "start-up: %.1f s%n", (System.nanoTime() - startAt) / 1e9);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI home = app.baseUri();
            URI status = app.baseUri().resolve("api/v1/status");

            page(http, home);
            // The same page translated: every language is rendered and compressed once per version, like English.
            page(http, home.resolve("?lang=de"));
            page(http, home.resolve("?lang=ja"));
            if (PAGES > 0) {
                page(http, home.resolve("p/part-0/")); // one of the configured pages: a share of the services
            }
            dev.upwatch.web.page.PageRebuildBenchmark.run(app.engine().statusQuery().snapshot(), 200);
            load(http, status, "plain", Map.of());
            load(http, status, "gzip", Map.of("Accept-Encoding", "gzip"));
            load(http, status, "If-None-Match (304)", Map.of("If-None-Match", etag(http, status)));
            rawLoad(status, "raw socket, plain", Map.of());
            rawLoad(status, "raw socket, gzip", Map.of("Accept-Encoding", "gzip"));
            rawLoad(status, "raw socket, revalidate", Map.of("Accept-Encoding", "gzip", "If-None-Match", etag(http, status)));
        }
    }

    /** The summary's current entity tag (it changes whenever a check changes a service). */
    private static String etag(HttpClient http, URI status) throws Exception {
        return http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue("etag").orElseThrow();
    }

    /** Which page and language a measured address is: its path and query. */
    private static String label(URI page) {
        return page.getRawPath() + (page.getRawQuery() == null ? "" : "?" + page.getRawQuery());
    }

    private static void page(HttpClient http, URI home) throws Exception {
        HttpRequest gzip = HttpRequest.newBuilder(home).header("Accept-Encoding", "gzip").build();
        HttpResponse<byte[]> sized = http.send(gzip, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(home).build(), HttpResponse.BodyHandlers.ofByteArray());
        System.out.printf(Locale.ROOT, "home page %s (%s): %,d bytes, %,d bytes gzip (%s)%n", label(home), plain.headers().firstValue("content-language").orElse("?"), plain.body().length,
                sized.body().length, sized.headers().firstValue("content-encoding").orElse("not compressed"));
        for (int i = 0; i < 50; i++) {
            http.send(gzip, HttpResponse.BodyHandlers.discarding());
        }
        compression(plain.body(), 6);
        time(http, gzip, "gzip");
        time(http, HttpRequest.newBuilder(home).build(), "uncompressed");
    }

    /**
     * What a change of the page would cost if the whole page were compressed again (HomePageCache compresses only
     * the changed chunks of 32 rows). Measured in-process on the page's own bytes.
     */
    private static void compression(byte[] page, int level) throws Exception {
        long[] nanos = new long[30];
        long[] cpu = new long[nanos.length];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int size = 0;
        for (int i = -10; i < nanos.length; i++) {
            long startCpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(page.length / 16);
            try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out, 65_536) {
                {
                    def.setLevel(level);
                }
            }) {
                gzip.write(page);
            }
            size = out.size();
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
                cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
            }
        }
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "compressing the whole page once, deflate level %d: %,d bytes, wall p50 %.1f ms, max %.1f ms; CPU p50 %.1f ms%n",
                level, size, percentile(nanos, 50) / 1e6, nanos[nanos.length - 1] / 1e6, percentile(cpu, 50) / 1e6);
    }

    private static void time(HttpClient http, HttpRequest gzip, String name) throws Exception {
        long[] nanos = new long[PAGE_REQUESTS];
        for (int i = 0; i < PAGE_REQUESTS; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(gzip, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("home page answered " + response.statusCode());
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "home page %s %s, time to last byte, %d sequential requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label(gzip.uri()), name, PAGE_REQUESTS, percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, nanos[nanos.length - 1] / 1e6);
    }

    private static void load(HttpClient http, URI uri, String name, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        for (int i = 0; i < 200; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        AtomicLong done = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + LOAD_TIME.toNanos();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONNECTIONS; c++) {
                clients.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        try {
                            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() == 200 || response.statusCode() == 304) {
                                done.incrementAndGet();
                                bytes.addAndGet(response.body().length);
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "/api/v1/status %-20s %d clients, %.0f s: %,.0f requests/s, %,d bytes per answer, %d failed%n",
                name, CONNECTIONS, seconds, done.get() / seconds, done.get() == 0 ? 0 : bytes.get() / done.get(), failed.get());
    }

    /**
     * The same load from a lean client: one keep-alive HTTP/1.1 connection per client on a plain socket, reading
     * each answer's headers and its body by Content-Length or chunks, without parsing more. It shows how much of the
     * JDK HttpClient's rate is the client's own cost on the two cores it shares with the server. With an
     * {@code If-None-Match} header each client sends the newest ETag it was given, as a polling page would: 304 while
     * the summary is unchanged, the new summary (and tag) after a change.
     */
    private static void rawLoad(URI uri, String name, Map<String, String> headers) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong notModified = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long warmUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        long deadline = warmUntil + LOAD_TIME.toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONNECTIONS; c++) {
                clients.submit(() -> {
                    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                        socket.setTcpNoDelay(true);
                        java.io.OutputStream out = socket.getOutputStream();
                        java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 65_536);
                        Map<String, String> sent = new java.util.LinkedHashMap<>(headers);
                        byte[] request = RawHttp.request(uri, sent);
                        long now;
                        while ((now = System.nanoTime()) < deadline) {
                            out.write(request);
                            out.flush();
                            int[] status = new int[1];
                            String[] etag = new String[1];
                            long body = RawHttp.readResponse(in, status, etag);
                            if (sent.containsKey("If-None-Match") && etag[0] != null && !etag[0].equals(sent.get("If-None-Match"))) {
                                sent.put("If-None-Match", etag[0]);
                                request = RawHttp.request(uri, sent);
                            }
                            if (now >= warmUntil) {
                                if (status[0] == 200 || status[0] == 304) {
                                    done.incrementAndGet();
                                    bytes.addAndGet(body);
                                    if (status[0] == 304) {
                                        notModified.incrementAndGet();
                                    }
                                } else {
                                    failed.incrementAndGet();
                                }
                            }
                        }
                    } catch (java.io.IOException e) {
                        failed.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        double seconds = LOAD_TIME.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "/api/v1/status %-20s %d clients, %.0f s: %,.0f requests/s, %,d bytes per answer, %d failed, %d%% answered 304%n",
                name, CONNECTIONS, seconds, done.get() / seconds, done.get() == 0 ? 0 : bytes.get() / done.get(), failed.get(),
                done.get() == 0 ? 0 : notModified.get() * 100 / done.get());
    }

    /** Reads one HTTP/1.1 response off a keep-alive connection: just enough to find where it ends. */
    private static final class RawHttp {
        private RawHttp() {
        }

        /** The request bytes: a GET of {@code uri}'s path with these headers. */
        static byte[] request(URI uri, Map<String, String> headers) {
            StringBuilder text = new StringBuilder("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\n");
            headers.forEach((key, value) -> text.append(key).append(": ").append(value).append("\r\n"));
            return text.append("\r\n").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        /**
         * Reads the response, stores its status code in {@code status[0]} and its ETag (if any) in {@code etag[0]},
         * returns the body's length.
         */
        static long readResponse(java.io.InputStream in, int[] status, String[] etag) throws java.io.IOException {
            String statusLine = line(in);
            status[0] = Integer.parseInt(statusLine.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("etag:")) {
                    etag[0] = header.substring(5).trim();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (status[0] == 304 || status[0] == 204) {
                return 0;
            }
            if (!chunked) {
                skip(in, length);
                return length;
            }
            long total = 0;
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
                total += size;
            }
            line(in); // the empty line after the last chunk (no trailers)
            return total;
        }

        private static String line(java.io.InputStream in) throws java.io.IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private static void skip(java.io.InputStream in, long length) throws java.io.IOException {
            long left = length;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new java.io.EOFException("connection closed in a body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }
    }

    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static UpwatchConfig config(Path data) {
        StringBuilder yaml = new StringBuilder("""
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' targets listen on loopback
                storage: { data-dir: "%s" }
                page: { title: "Benchmark status", refresh: 30s }
                """.formatted(data.toString().replace("\\", "/")));
        if (PAGES > 0) {
            yaml.append("pages:\n");
            int groups = (SERVICES + 49) / 50;
            for (int p = 0; p < PAGES; p++) {
                List<String> mine = new ArrayList<>();
                for (int g = p; g < groups; g += PAGES) {
                    mine.add("\"Group %02d\"".formatted(g));
                }
                yaml.append("  - { slug: part-%d, title: \"Part %d\", accent: \"#0a7\", groups: [%s] }\n"
                        .formatted(p, p, String.join(", ", mine)));
            }
        }
        yaml.append("monitors:\n");
        for (int i = 0; i < SERVICES; i++) {
            yaml.append("  - { id: svc-%04d, name: \"Service %04d\", group: \"Group %02d\", type: tcp, host: 127.0.0.1, port: 9, interval: %s, timeout: 1s }\n"
                    .formatted(i, i, i / 50, INTERVAL));
        }
        return new ConfigLoader(ProbeRegistry.load(PageBenchmark.class.getClassLoader()), Map.of())
                .parse(yaml.toString(), "bench.yml", data);
    }

    /** The rollups the engine would have written for {@code history}: what uptime and the 90-day bars read. */
    private static InMemoryRollupStore rollups(UpwatchConfig config, InMemorySampleStore history) {
        InMemoryRollupStore rollups = new InMemoryRollupStore();
        RollupRecorder recorder = new RollupRecorder(rollups);
        Instant from = Instant.now().minus(Duration.ofDays(DAYS + 1));
        for (Monitor monitor : config.monitors()) {
            for (Sample sample : history.between(monitor.id(), from, Instant.now(), DAYS * 24 + 1)) {
                recorder.record(monitor, sample, sample.isSuccess() ? Status.UP : Status.DOWN);
            }
            recorder.flush();
        }
        return rollups;
    }

    /** One check per service per hour for 90 days; about 0.5 % failures, some whole bad hours. */
    private static InMemorySampleStore history(Instant now) {
        InMemorySampleStore store = new InMemorySampleStore();
        Random random = new Random(42);
        Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(DAYS));
        List<ConditionResult> ok = List.of(new ConditionResult("[CONNECTED] == true", "[CONNECTED] (true) == true", true));
        for (int s = 0; s < SERVICES; s++) {
            MonitorId id = MonitorId.of("svc-%04d".formatted(s));
            List<Sample> samples = new ArrayList<>(DAYS * 24);
            for (int h = 0; h < DAYS * 24; h++) {
                boolean fails = random.nextInt(200) == 0;
                samples.add(new Sample(id, first.plus(Duration.ofHours(h)).plusSeconds(s % 3600),
                        Duration.of(2_000 + random.nextInt(200_000), ChronoUnit.MICROS), fails ? Outcome.FAILURE : Outcome.SUCCESS,
                        fails ? Optional.of("connection refused") : Optional.empty(), fails ? List.of() : ok));
            }
            store.append(samples);
        }
        return store;
    }
}
