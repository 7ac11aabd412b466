package dev.upwatch.bench;

import dev.upwatch.core.model.DurationText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real server under load, as {@code ./upwatch --config} runs it (same launcher, same JVM flags): generates a
 * configuration of N HTTP monitors at one interval against a {@link TargetServer} in another process, starts the
 * launcher on a fresh data directory, times launch → first page, and over a measured window reports checks/s, CPU
 * per check (the server process's {@code /proc/<pid>/stat} utime + stime), RSS, heap after a full GC ({@code jcmd
 * GC.heap_info}), the embedded store's growth per check (data directory sampled every minute, the curve printed),
 * scheduling lateness p99 ({@code /metrics}) and the load average. Optionally a JFR recording of the window, wrk on
 * {@code /} (gzip) and {@code /api/v1/status}, and a restart → first page on the same data. Options and output are
 * described in docs/benchmarks.md ("The server benchmark"); run it with {@code scripts/bench-server}.
 */
public final class ServerBenchmark {
    private static final Pattern METRIC = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int monitors = Integer.parseInt(options.getOrDefault("monitors", "1000"));
        Duration interval = DurationText.parse(options.getOrDefault("interval", "20s"));
        Duration warmup = DurationText.parse(options.getOrDefault("warmup", "60s"));
        Duration measure = DurationText.parse(options.getOrDefault("measure", "300s"));
        Duration every = DurationText.parse(options.getOrDefault("sample-every", "60s"));
        int port = Integer.parseInt(options.getOrDefault("port", "8184"));
        Path launcher = Path.of(options.getOrDefault("launcher", "./upwatch")).toAbsolutePath();
        Path work = options.containsKey("dir") ? Path.of(options.get("dir"))
                : Files.createTempDirectory("upwatch-server-bench");
        Path data = work.resolve("data");
        if (Files.exists(data)) {
            throw new IllegalArgumentException("--dir " + work + ": " + data + " exists; give a fresh directory");
        }
        Files.createDirectories(work);
        Process target = new ProcessBuilder(javaCommand(), "-Xmx128m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), TargetServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process server = null;
        try {
            int targetPort = Integer.parseInt(new BufferedReader(new InputStreamReader(target.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            Path config = work.resolve("upwatch.yml");
            Files.writeString(config, config(monitors, interval, port, data, targetPort), StandardCharsets.UTF_8);
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            System.out.printf(Locale.ROOT, "%,d HTTP monitors every %s against a target on port %d; server %s "
                            + "--config %s (log %s); load average %s%n", monitors, DurationText.format(interval),
                    targetPort, launcher, config, work.resolve("server.log"), loadAverage());

            long launched = System.nanoTime();
            server = launch(launcher, config, work.resolve("server.log"));
            double firstPage = awaitFirstPage(base, server, launched);
            System.out.printf(Locale.ROOT, "launch -> first page: %.2f s (CPU %.2f s)%n", firstPage,
                    cpuSeconds(server.pid()));
            System.out.printf(Locale.ROOT, "JVM: %s%n", jvmFlags(server.pid()));

            Thread.sleep(warmup.toMillis());
            Window window = measure(server.pid(), base, data, measure, every, options.get("jfr"));
            window.print(monitors, interval);
            System.out.printf(Locale.ROOT, "heap after a full GC: %s%n", heapAfterGc(server.pid()));

            if (options.containsKey("wrk")) {
                wrk(base, server.pid());
            }
            if (options.containsKey("restart")) {
                stop(server);
                long restarted = System.nanoTime();
                server = launch(launcher, config, work.resolve("server-restart.log"));
                double restartedIn = awaitFirstPage(base, server, restarted);
                System.out.printf(Locale.ROOT, "restart -> first page: %.2f s (CPU %.2f s; load average %s)%n",
                        restartedIn, cpuSeconds(server.pid()), loadAverage());
            }
        } finally {
            if (server != null) {
                stop(server);
            }
            target.getOutputStream().close();
            target.destroy();
        }
        System.out.println("data and logs kept in " + work);
        System.exit(0);
    }

    /** The configuration: every monitor an HTTP check of the target's {@code /health}, metrics public for scraping. */
    static String config(int monitors, Duration interval, int port, Path data, int targetPort) {
        StringBuilder yaml = new StringBuilder()
                .append("server: { host: 127.0.0.1, port: ").append(port).append(", auth: { protect-metrics: false } }\n")
                .append("security: { egress: { allow: [127.0.0.1/32] } }\n")
                .append("storage: { data-dir: \"").append(data.toAbsolutePath().toString().replace("\\", "/"))
                .append("\" }\n")
                .append("monitors:\n");
        for (int i = 1; i <= monitors; i++) {
            // One key per line, as the launcher counts monitors by their "- id:" lines to size the JVM; few keys, as
            // a configuration holds at most 100,000 values (name, group and timeout take their defaults).
            yaml.append("  - id: m").append(i).append('\n')
                    .append("    type: http\n")
                    .append("    url: \"http://127.0.0.1:").append(targetPort).append("/health\"\n")
                    .append("    interval: ").append(DurationText.format(interval)).append('\n')
                    .append("    conditions: [\"[STATUS] == 200\"]\n");
        }
        return yaml.toString();
    }

    private static Process launch(Path launcher, Path config, Path log) throws IOException {
        // The launcher ends in exec: the process started here is the server's JVM.
        return new ProcessBuilder(launcher.toString(), "--config", config.toString())
                .directory(launcher.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Seconds from {@code launched} until {@code /} answers 200. */
    private static double awaitFirstPage(URI base, Process server, long launched) throws Exception {
        long deadline = launched + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue() + "; see its log");
            }
            try {
                HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return (System.nanoTime() - launched) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no first page within 10 minutes");
    }

    /** What the window measured. */
    private record Window(double seconds, double cpuSeconds, double checks, long rssKb, String loadStart,
                          String loadEnd, List<long[]> curve, OptionalDouble latenessP99, OptionalDouble latenessMax,
                          double samplesBuffered, Map<String, Double> threadCpu) {
        void print(int monitors, Duration interval) {
            double expected = monitors / (double) interval.toMillis() * 1000;
            System.out.printf(Locale.ROOT, "window %.0f s; load average %s at its start, %s at its end%n", seconds,
                    loadStart, loadEnd);
            System.out.printf(Locale.ROOT, "checks/s %.1f (expected %.1f); CPU %.1f %% of one core; CPU per check "
                            + "%.3f ms%n", checks / seconds, expected, 100 * cpuSeconds / seconds,
                    checks == 0 ? 0.0 : cpuSeconds * 1000 / checks);
            System.out.printf(Locale.ROOT, "RSS %,d MB; samples waiting in the buffer at the end %.0f%n",
                    rssKb / 1024, samplesBuffered);
            double threadTotal = threadCpu.values().stream().mapToDouble(Double::doubleValue).sum();
            StringBuilder shares = new StringBuilder("CPU by thread group:");
            threadCpu.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(group -> shares.append(String.format(Locale.ROOT, " %s %.1f %%;", group.getKey(),
                            threadTotal == 0 ? 0.0 : 100 * group.getValue() / threadTotal)));
            System.out.println(shares);
            System.out.printf(Locale.ROOT, "scheduling lateness since start: p99 %s ms, max %s ms%n",
                    millis(latenessP99), millis(latenessMax));
            System.out.println("store size curve (data directory):");
            System.out.println("  second  bytes          grown      checks*  B per check (step)  B per check (since start)");
            long[] first = curve.getFirst();
            long[] previous = first;
            for (long[] point : curve) {
                long grown = point[1] - previous[1];
                long checked = point[2] - previous[2];
                long grownAll = point[1] - first[1];
                long checkedAll = point[2] - first[2];
                System.out.printf(Locale.ROOT, "  %6d  %,13d  %,11d  %,8d  %18s  %25s%n", point[0], point[1], grown,
                        checked, perCheck(grown, checked), perCheck(grownAll, checkedAll));
                previous = point;
            }
            System.out.println("  * checks at the window's average rate (/metrics is read at its ends only)");
        }

        private static String perCheck(long bytes, long checks) {
            return checks == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", bytes / (double) checks);
        }

        private static String millis(OptionalDouble seconds) {
            return seconds.isPresent() ? String.format(Locale.ROOT, "%.1f", seconds.getAsDouble() * 1000) : "n/a";
        }
    }

    private static Window measure(long pid, URI base, Path data, Duration measure, Duration every, String jfr)
            throws Exception {
        if (jfr != null) {
            jcmd(pid, "JFR.start", "name=bench", "settings=profile", "duration=" + measure.toSeconds() + "s",
                    "filename=" + Path.of(jfr).toAbsolutePath());
            System.out.println("JFR recording of the window to " + Path.of(jfr).toAbsolutePath());
        }
        String loadStart = loadAverage();
        long start = System.nanoTime();
        double cpu0 = cpuSeconds(pid);
        Map<String, Double> threads0 = threadCpuSeconds(pid);
        double checks0 = metric(base, "upwatch_samples_written_total").orElse(0);
        // /metrics is scraped at the window's ends only (a scrape of 1,000 monitors costs CPU of its own); the
        // curve's checks per step are the window's rate times the step's length.
        List<long[]> sizes = new ArrayList<>();
        sizes.add(new long[] {0, directorySize(data)});
        long end = start + measure.toNanos();
        long next = start + every.toNanos();
        while (next < end) {
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
            sizes.add(new long[] {System.nanoTime() - start, directorySize(data)});
            next += every.toNanos();
        }
        Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        double cpu = cpuSeconds(pid) - cpu0;
        Map<String, Double> threadCpu = new LinkedHashMap<>(threadCpuSeconds(pid));
        threads0.forEach((group, seconds) -> threadCpu.merge(group, -seconds, Double::sum));
        Map<String, Double> metrics = metrics(base);
        long elapsed = System.nanoTime() - start;
        double seconds = elapsed / 1e9;
        double checks = metrics.getOrDefault("upwatch_samples_written_total", 0.0) - checks0;
        sizes.add(new long[] {elapsed, directorySize(data)});
        List<long[]> curve = new ArrayList<>();
        for (long[] size : sizes) {
            curve.add(new long[] {TimeUnit.NANOSECONDS.toSeconds(size[0]), size[1],
                    Math.round(checks * size[0] / (double) elapsed)});
        }
        return new Window(seconds, cpu, checks, rssKb(pid), loadStart, loadAverage(), curve,
                optional(metrics.get("upwatch_scheduler_lateness_p99_seconds")),
                optional(metrics.get("upwatch_scheduler_lateness_max_seconds")),
                metrics.getOrDefault("upwatch_samples_buffered", 0.0), threadCpu);
    }

    /**
     * utime + stime of the process's live threads by group, in seconds: how much of a check's CPU the JIT compiler,
     * the GC, the probes' HTTP client, the virtual-thread carriers (checks, page requests) and H2 take. A thread that
     * ends within the window takes its time with it, so the groups may sum to less than the process.
     */
    static Map<String, Double> threadCpuSeconds(long pid) throws IOException {
        Map<String, Double> groups = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    groups.merge(threadGroup(name), cpuSeconds(task.resolve("stat")), Double::sum);
                } catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return groups;
    }

    /** The group of a thread by its name (Linux keeps the first 15 characters). */
    static String threadGroup(String name) {
        if (name.contains("CompilerThre")) {
            return "JIT";
        }
        if (name.startsWith("VM Thread") || name.startsWith("GC ") || name.startsWith("G1 ")) {
            return "GC/VM";
        }
        if (name.startsWith("ForkJoinPool")) {
            return "virtual-thread carriers";
        }
        if (name.startsWith("upwatch-probe-h")) {
            return "probe HTTP client";
        }
        if (name.startsWith("MVStore") || name.startsWith("H2-") || name.startsWith("upwatch-sample")) {
            return "H2 and sample writer";
        }
        if (name.startsWith("upwatch-schedul")) {
            return "scheduler ticker";
        }
        if (name.startsWith("upwatch-http")) {
            return "web server";
        }
        return "other";
    }

    private static OptionalDouble optional(Double value) {
        return value == null || value.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /**
     * wrk, 4 threads and 32 connections, on {@code /} with gzip for 30 s and on {@code /api/v1/status} with gzip and
     * plain for 20 s each. Each line also gives the size of one answer's body (the summary of 1,000 services is ~25 KB
     * gzip-compressed, ~350 KB plain: the plain run measures mostly copying).
     */
    private static void wrk(URI base, long pid) throws Exception {
        if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() != 0) {
            System.out.println("wrk: not installed, skipped");
            return;
        }
        for (String[] run : List.of(new String[] {"", "30s", "-H", "Accept-Encoding: gzip"},
                new String[] {"api/v1/status", "20s", "-H", "Accept-Encoding: gzip"},
                new String[] {"api/v1/status", "20s"})) {
            boolean gzip = run.length > 2;
            List<String> command = new ArrayList<>(List.of("wrk", "-t4", "-c32", "-d" + run[1], "--latency"));
            command.addAll(List.of(run).subList(2, run.length));
            command.add(base.resolve(run[0]).toString());
            long answer = answerBytes(base.resolve(run[0]), gzip);
            long versionBefore = homeVersion(base);
            double cpuBefore = cpuSeconds(pid);
            long started = System.nanoTime();
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor();
            if (run[0].isEmpty()) {
                // The page's snapshot versions made while wrk ran: the rate of changes the page had to follow.
                System.out.printf(Locale.ROOT, "home page snapshot versions during wrk: %.1f/s%n",
                        (homeVersion(base) - versionBefore) / ((System.nanoTime() - started) / 1e9));
            }
            Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
            Matcher p99 = Pattern.compile("\\s99%\\s+([0-9.]+[a-z]+)").matcher(out);
            Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
            // The server's CPU per answer (checks included): steadier than the rate or p99 on a busy shared machine.
            double cpu = cpuSeconds(pid) - cpuBefore;
            Matcher total = Pattern.compile("(\\d+) requests in").matcher(out);
            String perRequest = total.find() ? String.format(Locale.ROOT, "%.0f µs", cpu * 1e6 / Long.parseLong(total.group(1)))
                    : "?";
            System.out.printf(Locale.ROOT, "wrk /%s%s: %s req/s, p99 %s%s, answer %,d B, server CPU %s per answer "
                            + "(load average %s)%n", run[0],
                    gzip ? " (gzip)" : "", rate.find() ? rate.group(1) : "?", p99.find() ? p99.group(1) : "?",
                    errors.find() ? ", " + errors.group(1) + " non-2xx" : "", answer, perRequest, loadAverage());
        }
    }

    /** The version of the home page's live snapshot now ({@code /live} poll answer, {@code "version":"<epoch>-<n>"}). */
    private static long homeVersion(URI base) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(base.resolve("live?page=%2F&poll=1"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher version = Pattern.compile("\"version\":\"[^\"-]*-(\\d+)\"").matcher(body);
        if (!version.find()) {
            throw new IllegalStateException("no version in the live poll answer: " + body.substring(0, Math.min(200, body.length())));
        }
        return Long.parseLong(version.group(1));
    }

    /** The body size of one answer from {@code uri}, as sent (compressed when {@code gzip} is asked for). */
    private static long answerBytes(URI uri, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy(); // SIGTERM: the server's shutdown hook writes what it holds
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    /** utime + stime of a process, in seconds (fields 14 and 15 of /proc/PID/stat, in clock ticks). */
    static double cpuSeconds(long pid) throws IOException {
        return cpuSeconds(Path.of("/proc/" + pid + "/stat"));
    }

    /** utime + stime from a {@code stat} file of /proc (a process's or one thread's), in seconds. */
    private static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks();
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Heap in use after a full GC, summed over the generations jcmd GC.heap_info lists. */
    private static String heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        // Serial: "DefNew" and "Tenured"; G1: "garbage-first heap"; each "total NK, used NK".
        Matcher used = Pattern.compile("^\\s*(DefNew|Tenured|def new generation|tenured generation|garbage-first heap|"
                + "ZHeap|Shenandoah)\\b.*?total (\\d+)K, used (\\d+)K", Pattern.MULTILINE).matcher(info);
        long usedKb = 0;
        long totalKb = 0;
        while (used.find()) {
            totalKb += Long.parseLong(used.group(2));
            usedKb += Long.parseLong(used.group(3));
        }
        return String.format(Locale.ROOT, "%,d MB used of %,d MB committed", usedKb / 1024, totalKb / 1024);
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return out;
    }

    /** The server's own JVM options, as the launcher chose them. */
    private static String jvmFlags(long pid) throws IOException, InterruptedException {
        String out = jcmd(pid, "VM.command_line");
        return out.lines().filter(l -> l.startsWith("jvm_args:")).findFirst().orElse("?").substring(9).trim();
    }

    private static OptionalDouble metric(URI base, String name) throws IOException, InterruptedException {
        return optional(metrics(base).get(name));
    }

    /** The unlabelled series of {@code /metrics} (the server-wide ones), by name. */
    private static Map<String, Double> metrics(URI base) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(base.resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = METRIC.matcher(line.trim());
            if (m.matches() && m.group(2) == null) {
                values.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        return values;
    }

    static long directorySize(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // deleted while walked (a temporary file)
                }
            }).sum();
        } catch (UncheckedIOException e) {
            return directorySize(directory); // a directory vanished while walked: once more
        }
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (name.equals("wrk") || name.equals("restart")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
        }
        return options;
    }
}
