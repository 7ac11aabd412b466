package dev.upwatch.bench;

import dev.upwatch.core.Upwatch;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.LatencyHistogram;
import dev.upwatch.core.service.SchedulerStats;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Scale benchmark of the monitoring engine: N HTTP monitors against a local target in another process,
 * every sample and rollup written to the embedded H2 store (or PostgreSQL with {@code --jdbc-url}). Reports checks/s
 * achieved vs expected, start lateness, process CPU, RSS and heap. {@code --accuracy} instead compares the
 * HTTP probe's response time with curl's on an endpoint that answers after 100 ms; {@code --ingest} runs the
 * {@link IngestBenchmark} of the PostgreSQL sample table, {@code --durability [samples | trickle]} the
 * {@link DurabilityBenchmark} of the embedded H2 store; {@code --probe TYPE} watches N monitors of another probe
 * type. See docs/benchmarks.md.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--ingest")) {
            IngestBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--durability")) {
            System.setProperty("org.jooq.no-logo", "true");
            System.setProperty("org.jooq.no-tips", "true");
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            if (args.length < 2 || !args[1].equals("trickle")) {
                DurabilityBenchmark.run(args.length > 1 ? Integer.parseInt(args[1]) : 50_000);
            }
            DurabilityBenchmark.trickle(60);
            return;
        }
        // Only the figures: one log line per status change of thousands of monitors would drown them.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Map<String, String> options = options(args);
        String type = options.getOrDefault("probe", "http");
        if (!type.equals("http")) {
            probeScale(options, type);
            System.exit(0);
        }
        Process target = startTarget();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(target.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            if (options.containsKey("accuracy")) {
                accuracy("http://127.0.0.1:" + port + "/slow100");
            } else {
                scale(options, "http", Map.of("url", "http://127.0.0.1:" + port + "/health"), "[STATUS] == 200");
            }
        } finally {
            target.getOutputStream().close();
            target.destroy();
        }
        System.exit(0);
    }

    /**
     * {@code --probe TYPE}: N monitors of another probe type. WebSocket, gRPC, SMTP and IMAP targets run in a
     * {@link ProbeTargetServer} process; for redis, postgres and mysql give the server with {@code --set host=...
     * --set port=...} (and credentials); icmp pings 127.0.0.1. {@code --set key=value} overrides any setting,
     * {@code --condition} the condition.
     */
    private static void probeScale(Map<String, String> options, String type) throws Exception {
        Process target = null;
        Map<String, String> settings = new LinkedHashMap<>();
        String condition;
        try {
            Map<String, String> ports = Map.of();
            if (List.of("websocket", "grpc", "smtp", "imap").contains(type)) {
                target = new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        ProbeTargetServer.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                ports = new HashMap<>();
                String line = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8))
                        .readLine().trim();
                for (String pair : line.split(" ")) {
                    ports.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            switch (type) {
                case "websocket" -> {
                    settings.put("url", "ws://127.0.0.1:" + ports.get("websocket") + "/echo");
                    settings.put("send", "ping");
                    condition = "[BODY] == ping";
                }
                case "grpc" -> {
                    settings.put("host", "127.0.0.1");
                    settings.put("port", ports.get("grpc"));
                    condition = "[GRPC_STATUS] == SERVING";
                }
                case "smtp", "imap" -> {
                    settings.put("host", "127.0.0.1");
                    settings.put("port", ports.get(type));
                    condition = "[CONNECTED] == true";
                }
                case "icmp" -> {
                    settings.put("host", "127.0.0.1");
                    condition = "[PACKET_LOSS] == 0%";
                }
                case "redis" -> condition = "[RESULT] == PONG";
                case "postgres", "mysql" -> condition = "[RESULT] == 1";
                default -> condition = "[CONNECTED] == true";
            }
            options.forEach((key, value) -> {
                if (key.startsWith("set.")) {
                    settings.put(key.substring("set.".length()), value);
                }
            });
            scale(options, type, Map.copyOf(settings), options.getOrDefault("condition", condition));
        } finally {
            if (target != null) {
                target.getOutputStream().close();
                target.destroy();
            }
        }
    }

    private static void scale(Map<String, String> options, String type, Map<String, String> settings,
                              String condition) throws Exception {
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        Duration interval = DurationText.parse(options.getOrDefault("interval", "30s"));
        Duration warmup = DurationText.parse(options.getOrDefault("warmup", "40s"));
        Duration measure = DurationText.parse(options.getOrDefault("measure", "60s"));
        Path data = Files.createTempDirectory("upwatch-bench");
        DatabaseSettings storage = options.containsKey("jdbc-url")
                ? new DatabaseSettings(options.get("jdbc-url"), options.getOrDefault("user", ""),
                java.util.Optional.ofNullable(options.get("password")))
                : DatabaseSettings.embedded(data);
        try (Database database = Database.open(storage)) {
            OutcomeCountingStore store = new OutcomeCountingStore(database.sampleStore());
            // The rollups go to the database too, as in the application (the builder's default keeps them in memory).
            Upwatch.Builder builder = Upwatch.builder().store(store).rollupStore(database.rollupStore())
                    .settings(EngineSettings.defaults().withHistoryRefresh(Duration.ofHours(1)));
            for (int i = 0; i < monitors; i++) {
                builder.monitor(Monitor.builder(MonitorId.of(String.format(Locale.ROOT, "m-%06d", i)), "Monitor " + i,
                                ProbeSpec.of(type, settings))
                        .interval(interval).timeout(Duration.ofSeconds(5)).condition(dev.upwatch.core.condition.ConditionParser.parse(condition)).build());
            }
            System.out.printf(Locale.ROOT, "%s monitors, settings %s, condition %s; one check first: %s%n", type,
                    settings, condition, oneCheck(type, settings, condition));
            System.out.printf(Locale.ROOT, "load average before: %s%n", loadAverage());
            long cpuStart0 = cpuNanos();
            try (UpwatchEngine engine = builder.start()) {
                System.out.printf(Locale.ROOT, "started %,d monitors in %.1f s of CPU; warming up %s%n", monitors,
                        (cpuNanos() - cpuStart0) / 1e9, DurationText.format(warmup));
                Thread.sleep(warmup.toMillis());
                SchedulerStats before = engine.schedulerStats();
                Map<String, Long> outcomes0 = store.counts();
                long written0 = engine.sampleBuffer().written();
                long cpu0 = cpuNanos();
                long wall0 = System.nanoTime();
                Thread.sleep(measure.toMillis());
                long wall = System.nanoTime() - wall0;
                long cpu = cpuNanos() - cpu0;
                SchedulerStats after = engine.schedulerStats();
                long checks = after.checksCompleted() - before.checksCompleted();
                long written = engine.sampleBuffer().written() - written0;
                double seconds = wall / 1e9;
                double expected = monitors / (double) interval.toSeconds();
                long rss = rssKb();
                LatencyHistogram.Snapshot lateness = after.lateness().minus(before.lateness());
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf(Locale.ROOT, "%n| monitors | interval | checks/s (expected) | samples written/s | lateness p50 / p99 / max (bucket bounds) "
                        + "| late starts | CPU %% of one core | CPU per check | RSS | heap after GC |%n");
                System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| %,d | %s | %.1f (%.1f) | %.1f | %s / %s / %s | %,d | %.1f %% | %.3f ms | %,d MB | %,d MB |%n",
                        monitors, DurationText.format(interval), checks / seconds, expected, written / seconds,
                        millis(lateness.percentile(0.5)), millis(lateness.percentile(0.99)), millis(lateness.percentile(1.0)),
                        after.lateStarts() - before.lateStarts(), 100.0 * cpu / wall, checks == 0 ? 0 : cpu / 1e6 / checks, rss / 1024,
                        heap / (1024 * 1024));
                System.out.printf(Locale.ROOT, "dropped samples %d, overlaps skipped %d in the window (%d since start), buffer depth %d, "
                                + "largest lateness since start %s%n", engine.sampleBuffer().dropped(),
                        after.overlapsSkipped() - before.overlapsSkipped(), after.overlapsSkipped(),
                        engine.sampleBuffer().depth(), millis(after.maxLateness()));
                System.out.printf(Locale.ROOT, "open files %,d (limit %s); TCP sockets in TIME_WAIT %,d%n", openFiles(),
                        openFilesLimit(), timeWaitSockets());
                System.out.printf(Locale.ROOT, "load average after: %s%n", loadAverage());
                Map<String, Long> outcomes = new TreeMap<>(store.counts());
                outcomes.replaceAll((outcome, count) -> count - outcomes0.getOrDefault(outcome, 0L));
                System.out.printf(Locale.ROOT, "samples written in the window by outcome: %s; errors seen since start: %s%n",
                        outcomes, store.errors);
            }
        }
    }

    private static void accuracy(String url) throws Exception {
        ProbeRegistry registry = ProbeRegistry.load(EngineBenchmark.class.getClassLoader());
        Monitor monitor = Monitor.builder(MonitorId.of("slow"), "slow", ProbeSpec.of("http", Map.of("url", url)))
                .interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(2)).condition(dev.upwatch.core.condition.ConditionParser.parse("[STATUS] == 200")).build();
        int rounds = 30;
        double[] probe = new double[rounds];
        double[] curl = new double[rounds];
        double[] gap = new double[rounds];
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             ProbeEnvironment environment = ProbeEnvironment.builder().build()) {
            CheckRunner runner = new CheckRunner(Clock.systemUTC(), executor);
            var check = registry.create(monitor.probe(), environment);
            for (int i = 0; i < 30; i++) {
                runner.run(monitor, check); // warm up class loading and JIT
            }
            // Alternately, so that both clients see the same load on a shared machine.
            for (int i = 0; i < rounds; i++) {
                Sample sample = runner.run(monitor, check);
                probe[i] = sample.responseTime().toNanos() / 1e6;
                Process process = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", url).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                process.waitFor();
                curl[i] = Double.parseDouble(out) * 1000;
                gap[i] = probe[i] - curl[i];
            }
        }
        System.out.printf(Locale.ROOT, "endpoint answers after 100 ms; %d rounds, probe and curl alternately%n", rounds);
        System.out.printf(Locale.ROOT, "| measured by | min | median | max |%n|---|---|---|---|%n");
        print("Upwatch http probe", probe);
        print("curl -w %{time_total}", curl);
        print("probe - curl, same round", gap);
    }

    private static void print(String who, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", who, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }

    private static Process startTarget() throws IOException {
        return new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), TargetServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** File descriptors this process has open. */
    private static long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The soft limit of open files (the JVM raises it to the hard limit at start), as /proc/self/limits says. */
    private static String openFilesLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return line.substring("Max open files".length()).trim().split("\\s+")[0];
            }
        }
        return "unknown";
    }

    /** TCP sockets of this network namespace in TIME_WAIT (state 06 in /proc/net/tcp and tcp6): closed checks' ports. */
    private static long timeWaitSockets() throws IOException {
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (Files.exists(path)) {
                try (var lines = Files.lines(path)) {
                    count += lines.skip(1).filter(line -> line.trim().split("\\s+")[3].equals("06")).count();
                }
            }
        }
        return count;
    }

    /** Counts the samples written, by outcome, so that a run shows its checks succeeded. */
    private static final class OutcomeCountingStore implements SampleStore {
        private final SampleStore delegate;
        private final ConcurrentHashMap<String, LongAdder> counts =
                new ConcurrentHashMap<>();
        /** The first few distinct errors, to say why checks failed. */
        private final Set<String> errors = ConcurrentHashMap.newKeySet();

        OutcomeCountingStore(SampleStore delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public void append(List<Sample> samples) {
            delegate.append(samples);
            for (Sample sample : samples) {
                counts.computeIfAbsent(sample.outcome().name(), k -> new LongAdder())
                        .increment();
                sample.error().filter(error -> errors.size() < 5).ifPresent(errors::add);
            }
        }

        @Override
        public List<Sample> recent(MonitorId monitorId, int limit) {
            return delegate.recent(monitorId, limit);
        }

        @Override
        public List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
            return delegate.between(monitorId, from, to, limit);
        }

        @Override
        public long forEachBetween(MonitorId monitorId, Instant from, Instant to,
                                   Consumer<Sample> sink) {
            return delegate.forEachBetween(monitorId, from, to, sink);
        }

        Map<String, Long> counts() {
            Map<String, Long> snapshot = new HashMap<>();
            counts.forEach((outcome, count) -> snapshot.put(outcome, count.sum()));
            return snapshot;
        }
    }

    /** One check of the benchmark's monitor, outside the engine: its outcome and error, to show the target works. */
    private static String oneCheck(String type, Map<String, String> settings, String condition) throws Exception {
        Monitor monitor = Monitor.builder(MonitorId.of("first"), "first", ProbeSpec.of(type, settings))
                .interval(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(5)).condition(dev.upwatch.core.condition.ConditionParser.parse(condition)).build();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             ProbeEnvironment environment = ProbeEnvironment.builder().build();
             var probe = ProbeRegistry.load(EngineBenchmark.class.getClassLoader()).create(monitor.probe(), environment)) {
            CheckRunner runner = new CheckRunner(Clock.systemUTC(), executor);
            runner.run(monitor, probe); // class loading
            Sample sample = runner.run(monitor, probe);
            return sample.outcome() + sample.error().map(error -> " (" + error + ")").orElse("") + ", "
                    + millis(sample.responseTime());
        }
    }

    /** The 1, 5 and 15 minute load averages of the machine. */
    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            if (name.equals("accuracy")) {
                options.put(name, "true");
            } else if (name.equals("set") && i + 1 < list.size() && list.get(i + 1).indexOf('=') > 0) {
                String setting = list.get(++i);
                options.put("set." + setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            } else if (i + 1 < list.size()) {
                options.put(name, list.get(++i));
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return options;
    }
}
