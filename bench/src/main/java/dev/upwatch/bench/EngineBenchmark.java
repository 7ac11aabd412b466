package dev.upwatch.bench;

import dev.upwatch.core.Upwatch;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.probe.ProbeSpec;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scale benchmark of the monitoring engine: N HTTP monitors against a local target in another process,
 * every sample and rollup written to the embedded H2 store (or PostgreSQL with {@code --jdbc-url}). Reports checks/s
 * achieved vs expected, start lateness, process CPU, RSS and heap. {@code --accuracy} instead compares the
 * HTTP probe's response time with curl's on an endpoint that answers after 100 ms; {@code --ingest} runs the
 * {@link IngestBenchmark} of the PostgreSQL sample table, {@code --durability [samples | trickle]} the
 * {@link DurabilityBenchmark} of the embedded H2 store. See docs/benchmarks.md.
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
        Process target = startTarget();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(target.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            if (options.containsKey("accuracy")) {
                accuracy("http://127.0.0.1:" + port + "/slow100");
            } else {
                scale(options, "http://127.0.0.1:" + port + "/health");
            }
        } finally {
            target.getOutputStream().close();
            target.destroy();
        }
        System.exit(0);
    }

    private static void scale(Map<String, String> options, String url) throws Exception {
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
            SampleStore store = database.sampleStore();
            // The rollups go to the database too, as in the application (the builder's default keeps them in memory).
            Upwatch.Builder builder = Upwatch.builder().store(store).rollupStore(database.rollupStore())
                    .settings(EngineSettings.defaults().withHistoryRefresh(Duration.ofHours(1)));
            for (int i = 0; i < monitors; i++) {
                builder.monitor(Monitor.builder(MonitorId.of(String.format(Locale.ROOT, "m-%06d", i)), "Monitor " + i,
                                ProbeSpec.of("http", Map.of("url", url)))
                        .interval(interval).timeout(Duration.ofSeconds(5)).condition("[STATUS] == 200").build());
            }
            long cpuStart0 = cpuNanos();
            try (UpwatchEngine engine = builder.start()) {
                System.out.printf(Locale.ROOT, "started %,d monitors in %.1f s of CPU; warming up %s%n", monitors,
                        (cpuNanos() - cpuStart0) / 1e9, DurationText.format(warmup));
                Thread.sleep(warmup.toMillis());
                SchedulerStats before = engine.schedulerStats();
                long written0 = engine.sampleBuffer().written();
                long bytes0 = directorySize(data);
                double load0 = loadAverage();
                long cpu0 = cpuNanos();
                long wall0 = System.nanoTime();
                Thread.sleep(measure.toMillis());
                long wall = System.nanoTime() - wall0;
                long cpu = cpuNanos() - cpu0;
                SchedulerStats after = engine.schedulerStats();
                long checks = after.checksCompleted() - before.checksCompleted();
                long written = engine.sampleBuffer().written() - written0;
                long grown = directorySize(data) - bytes0;
                double load = loadAverage();
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
                if (!options.containsKey("jdbc-url")) {
                    System.out.printf(Locale.ROOT, "embedded store grew %,d bytes in the window: %,.0f B per sample written%n",
                            grown, written == 0 ? 0.0 : grown / (double) written);
                }
                System.out.printf(Locale.ROOT, "load average (1 min) %.1f at the window's start, %.1f at its end%n",
                        load0, load);
                System.out.printf(Locale.ROOT, "open files %,d (limit %s); TCP sockets in TIME_WAIT %,d%n", openFiles(),
                        openFilesLimit(), timeWaitSockets());
            }
        }
    }

    private static void accuracy(String url) throws Exception {
        ProbeRegistry registry = ProbeRegistry.load(EngineBenchmark.class.getClassLoader());
        Monitor monitor = Monitor.builder(MonitorId.of("slow"), "slow", ProbeSpec.of("http", Map.of("url", url)))
                .interval(Duration.ofSeconds(10)).timeout(Duration.ofSeconds(2)).condition("[STATUS] == 200").build();
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), TargetServer.class.getName())
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

    /** Bytes of the files under {@code directory} (the embedded database). */
    static long directorySize(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** The machine's load average over the last minute. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
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
            } else if (i + 1 < list.size()) {
                options.put(name, list.get(++i));
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return options;
    }
}
