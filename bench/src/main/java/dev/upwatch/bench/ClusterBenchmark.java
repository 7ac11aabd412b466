package dev.upwatch.bench;

import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.rule.FairShare;
import dev.upwatch.core.service.ShardLeases;
import dev.upwatch.persistence.Database;
import dev.upwatch.persistence.DatabaseSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster on this machine: N nodes (child JVMs of {@code dev.upwatch.web.Main}) in one location on one PostgreSQL
 * database share M HTTP monitors against a local target. Measures, over a window: checks/s and CPU per node (from
 * each node's {@code /metrics}), the database's commits/s, rows written and size growth per sample
 * ({@code pg_stat_database}, {@code pg_database_size}), and statements/s when {@code pg_stat_statements} is
 * installed; then kills one node ({@code kill -9}) and measures the hand-over: until the survivors hold every shard,
 * and until every monitor of the killed node was checked again. Creates its own database next to the one the URL
 * names and drops it at the end.
 *
 * <pre>
 * java -cp bench/target/upwatch-bench.jar dev.upwatch.bench.ClusterBenchmark \
 *   --jdbc-url jdbc:postgresql://127.0.0.1:5432/upwatch_test --user upwatch --password upwatch \
 *   [--nodes 3] [--monitors 30000] [--interval 60s] [--lease 15s] [--measure 120s] [--heap 384m]
 * </pre>
 */
public final class ClusterBenchmark {
    private static final Pattern BASE_URI = Pattern.compile("at (http://\\S+/) \\(");
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?");

    private ClusterBenchmark() {
    }

    private record Node(String id, Process process, URI base) {
    }

    /** Counters read from one node's {@code /metrics}. */
    private record Scrape(double checks, double samples, double cpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--nodes", "3", "--monitors", "30000",
                "--interval", "60", "--lease", "15", "--measure", "120", "--heap", "384m", "--user", "upwatch",
                "--password", "upwatch"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1].replaceAll("s$", ""));
        }
        String url = options.get("--jdbc-url");
        if (url == null) {
            throw new IllegalArgumentException("--jdbc-url jdbc:postgresql://host:port/db is required");
        }
        int nodes = Integer.parseInt(options.get("--nodes"));
        int monitors = Integer.parseInt(options.get("--monitors"));
        Duration interval = Duration.ofSeconds(Long.parseLong(options.get("--interval")));
        Duration lease = Duration.ofSeconds(Long.parseLong(options.get("--lease")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.get("--measure")));
        String user = options.get("--user");
        String password = options.get("--password");
        Matcher parts = URL.matcher(url);
        if (!parts.matches()) {
            throw new IllegalArgumentException("--jdbc-url must be jdbc:postgresql://host:port/db, got " + url);
        }
        String name = "upwatch_cluster_bench_" + System.currentTimeMillis();
        String jdbcUrl = parts.group(1) + name;
        try (Connection admin = DriverManager.getConnection(url, user, password); Statement s = admin.createStatement()) {
            s.execute("create database " + name);
        }

        Map<String, Long> lastHit = new ConcurrentHashMap<>();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4_096);
        target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        target.createContext("/h/", exchange -> {
            lastHit.put(exchange.getRequestURI().getPath().substring(3), System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        target.start();
        Path dir = Files.createTempDirectory("upwatch-cluster-bench");
        TokenSecret token = TokenSecret.generate();
        List<Node> started = new ArrayList<>();
        try {
            // The monitors are stored as if created through the admin API (a configuration file holds at most 100,000
            // values): every node reads them from the shared database.
            Database.open(new DatabaseSettings(jdbcUrl, user, Optional.of(password))).close(); // migrates
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                 PreparedStatement insert = c.prepareStatement("insert into managed_monitor (id, definition, created_at, "
                         + "updated_at) values (?, ?, now(), now())")) {
                c.setAutoCommit(false);
                for (int i = 0; i < monitors; i++) {
                    insert.setString(1, "b" + i);
                    insert.setString(2, "{\"id\":\"b%d\",\"type\":\"http\",\"url\":\"http://127.0.0.1:%d/h/b%d\",\"interval\":\"%ds\",\"timeout\":\"5s\"}"
                            .formatted(i, target.getAddress().getPort(), i, interval.toSeconds()));
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            }
            for (int n = 1; n <= nodes; n++) {
                started.add(start(dir, "n" + n, options.get("--heap"), """
                        server: { host: 127.0.0.1, port: 0, auth: { tokens: [ { name: bench, scope: read, digest: "%s" } ] } }
                        security: { egress: { allow: [127.0.0.0/8] } }
                        storage: { jdbc-url: "%s", username: "%s", password: "%s" }
                        cluster: { node-id: n%d, location: here, lease: %ds }
                        monitors:  # one in the file (the file needs one); the rest in the database
                          - { id: b-file, type: http, url: "http://127.0.0.1:%d/h/b-file", interval: %ds }
                        """.formatted(token.digest(), jdbcUrl, user, password, n, lease.toSeconds(),
                        target.getAddress().getPort(), interval.toSeconds())));
                System.out.println("node n" + n + " started");
            }
            awaitNanos(() -> shares(jdbcUrl, user, password).size() == nodes
                    && shares(jdbcUrl, user, password).values().stream().mapToInt(Integer::intValue).sum()
                    == ShardLeases.SHARDS, Duration.ofMinutes(5));
            System.out.println("shares " + shares(jdbcUrl, user, password) + "; warming up for one interval + 15 s");
            Thread.sleep(interval.plusSeconds(15).toMillis()); // a bench window, not a test: every monitor checked once

            Map<String, Scrape> before = new TreeMap<>();
            for (Node node : started) {
                before.put(node.id(), scrape(node, token));
            }
            Map<String, Double> dbBefore = database(jdbcUrl, user, password, name);
            long from = System.nanoTime();
            Thread.sleep(measure.toMillis());
            long to = System.nanoTime();
            Map<String, Double> dbAfter = database(jdbcUrl, user, password, name);
            double seconds = (to - from) / 1e9;
            double checks = 0;
            double samples = 0;
            System.out.printf("%n| node | checks/s | CPU %% of one core | CPU per check |%n|---|---|---|---|%n");
            for (Node node : started) {
                Scrape a = before.get(node.id());
                Scrape b = scrape(node, token);
                double rate = (b.checks() - a.checks()) / seconds;
                checks += b.checks() - a.checks();
                samples += b.samples() - a.samples();
                double cpu = (b.cpuSeconds() - a.cpuSeconds()) / seconds;
                System.out.printf("| %s | %.1f | %.1f %% | %.2f ms |%n", node.id(), rate, cpu * 100,
                        rate > 0 ? cpu / rate * 1000 : Double.NaN);
            }
            System.out.printf("%nover %.0f s: %.1f checks/s in all (expected %.1f), %.0f samples written%n", seconds,
                    checks / seconds, monitors / (double) interval.toSeconds(), samples);
            for (String key : dbAfter.keySet()) {
                double delta = dbAfter.get(key) - dbBefore.getOrDefault(key, 0.0);
                System.out.printf("database %s: %.1f/s, %.1f per sample%n", key, delta / seconds,
                        samples > 0 ? delta / samples : Double.NaN);
            }

            // Hand-over: kill the first node.
            Node victim = started.getFirst();
            Set<Integer> shards = shardsOf(jdbcUrl, user, password, victim.id());
            List<String> ofVictim = new ArrayList<>();
            for (int i = 0; i < monitors; i++) {
                if (shards.contains(FairShare.shardOf(MonitorId.of("b" + i), ShardLeases.SHARDS))) {
                    ofVictim.add("b" + i);
                }
            }
            long killed = System.nanoTime();
            victim.process().destroyForcibly();
            victim.process().waitFor();
            long claimed = awaitNanos(() -> shares(jdbcUrl, user, password).entrySet().stream()
                    .filter(e -> !e.getKey().equals(victim.id())).mapToInt(Map.Entry::getValue).sum()
                    == ShardLeases.SHARDS, lease.multipliedBy(4));
            long checked = awaitNanos(() -> ofVictim.stream().allMatch(id -> lastHit.getOrDefault(id, 0L) - killed > 0),
                    lease.plus(interval.multipliedBy(3)));
            System.out.printf("%nkilled %s (%d shards, %d monitors): shards held by the others after %.1f s, every "
                            + "monitor of it checked again after %.1f s (bound lease + 2 × interval = %d s)%n",
                    victim.id(), shards.size(), ofVictim.size(), (claimed - killed) / 1e9, (checked - killed) / 1e9,
                    lease.plus(interval.multipliedBy(2)).toSeconds());
        } finally {
            started.forEach(node -> node.process().destroyForcibly());
            for (Node node : started) {
                node.process().waitFor();
            }
            target.stop(0);
            try (Connection admin = DriverManager.getConnection(url, user, password); Statement s = admin.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            }
        }
        System.exit(0);
    }

    private static Node start(Path dir, String id, String heap, String yaml) throws Exception {
        Path config = dir.resolve(id + ".yml");
        Files.writeString(config, yaml);
        Path log = dir.resolve(id + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.upwatch.web.Main", "serve", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher base = BASE_URI.matcher(Files.readString(log));
            if (base.find()) {
                return new Node(id, process, URI.create(base.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + id + " ended: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node " + id + " did not start; log " + log);
    }

    private static Scrape scrape(Node node, TokenSecret token) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String text = client.send(HttpRequest.newBuilder(node.base().resolve("metrics"))
                    .header("Authorization", "Bearer " + token.value()).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new Scrape(sum(text, "upwatch_check_duration_seconds_count{"), sum(text, "upwatch_samples_written_total"),
                    sum(text, "process_cpu_seconds_total"));
        }
    }

    private static double sum(String text, String prefix) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** Database counters: commits, rows written, size in bytes, and statements when pg_stat_statements is there. */
    private static Map<String, Double> database(String url, String user, String password, String name) throws SQLException {
        Map<String, Double> values = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("select xact_commit, tup_inserted + tup_updated + tup_deleted, "
                    + "pg_database_size(datname) from pg_stat_database where datname = '" + name + "'")) {
                r.next();
                values.put("commits", r.getDouble(1));
                values.put("rows written", r.getDouble(2));
                values.put("bytes", r.getDouble(3));
            }
            try (ResultSet r = s.executeQuery("select sum(calls) from pg_stat_statements s join pg_database d "
                    + "on d.oid = s.dbid where d.datname = '" + name + "'")) {
                r.next();
                values.put("statements", r.getDouble(1));
            } catch (SQLException e) {
                // pg_stat_statements is not installed: commits stand in for statements
            }
        }
        return values;
    }

    private static Map<String, Integer> shares(String url, String user, String password) {
        Map<String, Integer> shares = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select owner, count(*) from cluster_shard where owner is not null "
                     + "and lease_until > clock_timestamp() group by owner")) {
            while (r.next()) {
                shares.put(r.getString(1), r.getInt(2));
            }
        } catch (SQLException e) {
            // not migrated yet
        }
        return shares;
    }

    private static Set<Integer> shardsOf(String url, String user, String password, String node) throws SQLException {
        Set<Integer> shards = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select shard from cluster_shard where owner = '" + node + "'")) {
            while (r.next()) {
                shards.add(r.getInt(1));
            }
        }
        return shards;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for {@code condition} (polling every 100 ms) and returns when it held, in {@link System#nanoTime()}. */
    private static long awaitNanos(Condition condition, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + within.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        return System.nanoTime();
    }
}
