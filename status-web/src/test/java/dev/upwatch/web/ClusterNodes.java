package dev.upwatch.web;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a cluster test runs: Upwatch nodes, each a real child JVM ({@code Main serve --config}) on the test's class
 * path, its configuration and its log in the test's directory; the PostgreSQL database they share (one per test); and
 * the test's HTTP servers on loopback (targets, webhook receivers). {@link #close()} kills the nodes still running,
 * stops the servers and drops the database. Waits are on conditions with a deadline, never on a sleep.
 */
final class ClusterNodes implements AutoCloseable {
    /**
     * How long a node may take to serve: a JVM start with Jetty, Jersey, Guice and Flyway takes 3 s on a quiet machine
     * and was seen past 90 s with a load average of 20 on 2 cores.
     */
    private static final Duration START = Duration.ofMinutes(4);
    /** The line a node logs once it serves. */
    private static final Pattern BASE_URI = Pattern.compile("at (http://\\S+/) \\(");

    /** One node: its id, its process ({@code kill -9} with {@link Process#destroyForcibly}), its log and address. */
    record Node(String id, Process process, Path log, URI base) {
        Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(base, "base");
        }

        /** {@code kill -9}: no goodbye, its leases and claims lapse on their own; returns once it is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** A condition that may throw (an HTTP call, a query). */
    interface Check {
        boolean holds() throws Exception;
    }

    private final Path dir;
    private final Duration wait;
    private final TestPostgres.Database database;
    private final List<Process> children = new ArrayList<>();
    private final List<HttpServer> servers = new ArrayList<>();

    /**
     * Creates the test's database.
     *
     * @param dir  where each node's configuration ({@code <id>.yml}) and log ({@code <id>.log}) go
     * @param wait the default deadline of {@link #await}
     */
    ClusterNodes(Path dir, Duration wait) throws Exception {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.wait = Objects.requireNonNull(wait, "wait");
        this.database = TestPostgres.create();
    }

    /** The {@code storage} section for the test's database, as one YAML line. */
    String storage() {
        return "storage: { jdbc-url: \"%s\", username: \"%s\", password: \"%s\" }".formatted(database.jdbcUrl(),
                TestPostgres.env("UPWATCH_TEST_DB_USER"), TestPostgres.env("UPWATCH_TEST_DB_PASSWORD"));
    }

    /** Reads each row {@code sql} gives from the nodes' database. */
    void query(String sql, TestPostgres.RowReader reader) {
        TestPostgres.query(database, sql, reader);
    }

    /** Starts an HTTP server on {@code address}, port 0, with {@code handler} at {@code path}; stopped by close. */
    HttpServer serve(InetAddress address, String path, HttpHandler handler) throws IOException {
        return serve(address, null, Map.of(path, handler));
    }

    /**
     * Starts an HTTP server on {@code address}, port 0, with a handler for each path of {@code handlers}, run by
     * {@code executor} (null: the server's own thread); stopped by close.
     */
    HttpServer serve(InetAddress address, Executor executor, Map<String, HttpHandler> handlers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        handlers.forEach(server::createContext);
        server.setExecutor(executor);
        server.start();
        servers.add(server);
        return server;
    }

    /** Starts node {@code id} on {@code config} (the whole YAML file) and returns once it serves. */
    Node start(String id, String config) throws Exception {
        Path file = dir.resolve(id + ".yml");
        Files.writeString(file, config);
        Path log = dir.resolve(id + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(process);
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Matcher base = BASE_URI.matcher(Files.readString(log));
            if (base.find()) {
                return new Node(id, process, log, URI.create(base.group(1)));
            }
            if (!process.isAlive()) {
                fail("node " + id + " ended early: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return fail("node " + id + " did not start within " + START.toSeconds() + " s: " + Files.readString(log));
    }

    /** Waits up to the default deadline for {@code condition}; fails naming {@code what} and {@code state}. */
    void await(Check condition, String what, Supplier<String> state) throws Exception {
        await(condition, wait, what, state);
    }

    /** Waits up to {@code within} for {@code condition}, looking every 100 ms; fails naming {@code what}. */
    static void await(Check condition, Duration within, String what, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + within.toSeconds() + " s for: " + what + "; " + state.get());
            }
            Thread.sleep(100);
        }
    }

    /** The lines of every node's log that contain one of {@code needles}, each prefixed with its file's name. */
    String logLines(String... needles) {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (List.of(needles).stream().anyMatch(line::contains)) {
                        out.append(log.getFileName()).append(": ").append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            out.append(e);
        }
        return out.toString();
    }

    /** Kills every node still running ({@code kill -9}), waits for each to be gone, then stops the servers. */
    @Override
    public void close() throws Exception {
        children.forEach(Process::destroyForcibly);
        for (Process child : children) {
            child.waitFor();
        }
        servers.forEach(server -> server.stop(0));
        TestPostgres.drop(database);
    }
}
