package dev.upwatch.bench;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.probes.http.HttpProbeFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * CPU per check of the {@code http} probe alone, in process: N probes built by {@link HttpProbeFactory} against the
 * {@link TargetServer} (another process, so its CPU is not counted), checked round-robin at a fixed rate, each check
 * on a virtual thread of its own as the scheduler runs them. Over the measured window it prints checks/s, failures,
 * the process's CPU per check and the CPU of its threads grouped by name. Usage:
 * {@code java -cp upwatch-bench.jar dev.upwatch.bench.HttpProbeBenchmark [probes] [checks/s] [warm-up s] [window s]}
 * (defaults 1000, 50, 30, 60: the server benchmark's load without the server).
 */
public final class HttpProbeBenchmark {
    private static final MonitorId MONITOR = MonitorId.of("bench");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Clock ticks per second of {@code /proc/<pid>/task/<tid>/stat} times (USER_HZ on Linux). */
    private static final double TICKS_PER_SECOND = 100;

    private HttpProbeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int probes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int windowSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Process target = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), TargetServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (ProbeEnvironment environment = ProbeEnvironment.builder().build();
             ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(target.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            HttpProbeFactory factory = new HttpProbeFactory();
            List<Probe> built = new ArrayList<>();
            for (int i = 0; i < probes; i++) {
                built.add(factory.create(ProbeSettings.of(Map.of("url", "http://127.0.0.1:" + port + "/health")),
                        environment));
            }
            AtomicLong completed = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long windowStart = start + warmupSeconds * 1_000_000_000L;
            long windowEnd = windowStart + windowSeconds * 1_000_000_000L;
            long cpuAtStart = 0;
            long checksAtStart = 0;
            long failedAtStart = 0;
            Map<String, Long> threadsAtStart = Map.of();
            boolean inWindow = false;
            System.out.printf(Locale.ROOT, "%d http probes, %d checks/s, warm-up %d s, window %d s; load average %s%n",
                    probes, rate, warmupSeconds, windowSeconds, loadAverage());
            for (long tick = 0; ; tick++) {
                long due = start + tick * periodNanos;
                long now = System.nanoTime();
                if (!inWindow && now >= windowStart) {
                    inWindow = true;
                    cpuAtStart = cpuNanos();
                    checksAtStart = completed.get();
                    failedAtStart = failed.get();
                    threadsAtStart = threadTicks();
                }
                if (now >= windowEnd) {
                    long cpu = cpuNanos() - cpuAtStart;
                    long checked = completed.get() - checksAtStart;
                    System.out.printf(Locale.ROOT, "window: %.1f checks/s, %d failed, CPU per check %.1f µs"
                                    + " (%.1f %% of one core); load average %s%n", checked / (double) windowSeconds,
                            failed.get() - failedAtStart, cpu / 1e3 / checked, 100.0 * cpu / (windowSeconds * 1e9),
                            loadAverage());
                    printThreads(threadsAtStart, threadTicks());
                    break;
                }
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                }
                Probe probe = built.get((int) (tick % probes));
                checks.execute(() -> {
                    try {
                        ProbeOutcome outcome = probe.probe(ProbeContext.startingNow(MONITOR, TIMEOUT,
                                Set.of(Placeholder.STATUS)));
                        if (outcome.statusCode().orElse(0) != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    completed.incrementAndGet();
                });
            }
            built.forEach(Probe::close);
        } finally {
            target.getOutputStream().close();
            target.destroy();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** utime + stime of each live thread, in clock ticks, by thread name with digits removed (a group). */
    private static Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> byGroup = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    byGroup.merge(name, ticks, Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while being read
                }
            }
        }
        return byGroup;
    }

    private static void printThreads(Map<String, Long> before, Map<String, Long> after) {
        long total = after.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L))).sum();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L))))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-32s %6.2f s  %5.1f %%%n", e.getKey(),
                        e.getValue() / TICKS_PER_SECOND, 100.0 * e.getValue() / Math.max(1, total)));
    }
}
