package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A status change and its notifications are one fact, also across {@code kill -9}. The real application runs in a
 * child JVM ({@link CrashingUpwatch}) with one monitor and two webhook channels; its target goes from 200 to 500, and
 * the child halts ({@link Runtime#halt}) at one point between the DOWN verdict and the delivery: before the commit,
 * after the commit before any delivery, during a delivery, after a delivery before it is recorded. A second child on
 * the same database runs until both channels have the {@code service.down}; then, over both runs, each channel has
 * received exactly one {@code service.down} message (one {@code webhook-id}: a receiver that drops duplicates, as
 * Standard Webhooks asks, sees it once; when the halt falls between the receiver's acceptance and its record, the
 * same id arrives twice, at least once being the outbox's promise), the outbox holds exactly one delivered
 * {@code service.down} per channel and nothing pending, and one incident is open. On H2 and on real PostgreSQL
 * ({@code UPWATCH_TEST_JDBC_URL}, as CI provides; fails, never skips, without it).
 */
class StatusChangeCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BASE_URI = Pattern.compile("CHILD serving (\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> CHANNELS = List.of("a", "b");

    private final AtomicBoolean failing = new AtomicBoolean();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    /** Counted down to answer a held delivery. */
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holdFirstDown;
    private final List<Process> children = new ArrayList<>();
    private HttpServer target;
    private HttpServer receiver;
    private TestPostgres.Database database;

    /** One request at the receiver: which channel, which event, under which {@code webhook-id}, in which run. */
    private record Arrival(String channel, String type, String id, int run) {
    }

    static Stream<Arguments> runs() {
        return Stream.of("h2", "postgresql").flatMap(db -> Stream.of(CrashingUpwatch.Point.BEFORE_COMMIT,
                CrashingUpwatch.Point.AFTER_COMMIT, CrashingUpwatch.Point.DURING_DELIVERY,
                CrashingUpwatch.Point.AFTER_DELIVERY).map(point -> Arguments.of(db, point)));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        children.forEach(Process::destroyForcibly);
        if (target != null) {
            target.stop(0);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (database != null) {
            TestPostgres.drop(database);
        }
    }

    @ParameterizedTest(name = "{0}, halted {1}")
    @MethodSource("runs")
    void afterAHaltAtAnyPointEachChannelGetsTheDownExactlyOnce(String db, CrashingUpwatch.Point point,
                                                                @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        target = serve("/health", exchange -> answer(exchange, failing.get() ? 500 : 200));
        receiver = serve("/", this::receive);
        String jdbc = db.equals("h2") ? "jdbc:h2:file:" + dir.resolve("db/upwatch") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE" : (database = TestPostgres.create()).jdbcUrl();
        String user = db.equals("h2") ? "upwatch" : TestPostgres.env("UPWATCH_TEST_DB_USER");
        String password = db.equals("h2") ? "" : TestPostgres.env("UPWATCH_TEST_DB_PASSWORD");
        Path config = dir.resolve("upwatch.yml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }  # the tests' target and receiver listen on loopback
                storage: { jdbc-url: "%s", username: "%s", password: "%s" }
                monitors:
                  - { id: api, name: API, type: http, url: "http://127.0.0.1:%d/health", interval: 2s, timeout: 2s,
                      failure-threshold: 1 }
                notifications:
                  - { id: a, type: webhook, url: "http://127.0.0.1:%d/a", events: [down, up] }
                  - { id: b, type: webhook, url: "http://127.0.0.1:%d/b", events: [down, up] }
                """.formatted(jdbc, user, password, target.getAddress().getPort(), receiver.getAddress().getPort(),
                receiver.getAddress().getPort()));

        // Run 1: up, then the target fails, and the child dies at the point.
        holdFirstDown = point == CrashingUpwatch.Point.DURING_DELIVERY;
        long t0 = System.nanoTime();
        Child first = start(config, point, dir.resolve("run1.log"));
        long t1 = System.nanoTime();
        await("the monitor is up", () -> status(first.base()).equals("up"), first);
        long t2 = System.nanoTime();
        failing.set(true);
        if (point == CrashingUpwatch.Point.DURING_DELIVERY) {
            await("a service.down held at the receiver", () -> arrivals.stream().anyMatch(a -> a.type().equals("service.down")), first);
            first.send("halt");
        }
        assertTrue(first.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the child did not halt");
        assertEquals(CrashingUpwatch.HALTED, first.process().exitValue(), "halted at " + point + ": " + first.log());
        if (point == CrashingUpwatch.Point.BEFORE_COMMIT || point == CrashingUpwatch.Point.AFTER_COMMIT) {
            assertTrue(first.log().contains("deciding sample stored: true"),
                    "the failing check was stored before the halt, so the restart replays it: " + first.log());
        }
        release.countDown();

        // Run 2: the same database, the target still failing. Once both channels have had the service.down, it is
        // stopped normally: closing waits for every delivery still pending (resumed ones are pending from the start),
        // so whatever it would ever send has been sent when it exits.
        long t3 = System.nanoTime();
        Child second = start(config, CrashingUpwatch.Point.NONE, dir.resolve("run2.log"));
        long t4 = System.nanoTime();
        await("both channels have had the service.down", () -> CHANNELS.stream().allMatch(channel -> arrivals.stream()
                .anyMatch(a -> a.channel().equals(channel) && a.type().equals("service.down"))), second);
        second.send("stop");
        assertTrue(second.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the child did not stop");
        assertEquals(0, second.process().exitValue(), second.log());

        long t5 = System.nanoTime();
        StringBuilder summary = new StringBuilder("StatusChangeCrashTest " + db + " " + point + " (ms: start " + millis(t0, t1)
                + ", up " + millis(t1, t2) + ", halt " + millis(t2, t3) + ", restart " + millis(t3, t4) + ", deliver and stop "
                + millis(t4, t5) + "):");
        for (String channel : CHANNELS) {
            List<Arrival> downs = arrivals.stream().filter(a -> a.channel().equals(channel) && a.type().equals("service.down")).toList();
            long ids = downs.stream().map(Arrival::id).distinct().count();
            summary.append(" channel ").append(channel).append(": ").append(downs.size()).append(" arrival(s) (run 1: ")
                    .append(downs.stream().filter(a -> a.run() == 1).count()).append("), ").append(ids).append(" webhook-id;");
            assertEquals(1, ids, channel + ": one service.down message, never zero, never two: " + downs);
            boolean acceptedBeforeRecorded = point == CrashingUpwatch.Point.DURING_DELIVERY
                    || point == CrashingUpwatch.Point.AFTER_DELIVERY;
            assertTrue(downs.size() == 1 || acceptedBeforeRecorded && downs.size() == 2,
                    channel + ": sent again only when the halt came after the receiver had it: " + downs);
        }
        System.out.println(summary);
        Map<String, Integer> outbox = outboxState(jdbc, user, password);
        assertEquals(Map.of("a service.down 1", 1, "b service.down 1", 1), outbox,
                "one service.down per channel in the outbox, delivered (state 1), none pending");
        assertEquals(List.of("api down"), rows(jdbc, user, password, "select monitor, status from monitor_status"));
        assertEquals(List.of("1"), rows(jdbc, user, password, "select count(*) from incident where resolved_at is null"),
                "one open incident");
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    private void receive(HttpExchange exchange) throws IOException {
        String type;
        try {
            type = JSON.readTree(exchange.getRequestBody().readAllBytes()).path("type").asText();
        } catch (IOException e) {
            type = "unreadable";
        }
        String channel = exchange.getRequestURI().getPath().substring(1);
        arrivals.add(new Arrival(channel, type, exchange.getRequestHeaders().getFirst("webhook-id"), children.size()));
        if (holdFirstDown && type.equals("service.down") && channel.equals("a")) {
            holdFirstDown = false;
            try {
                release.await(); // the child dies with this request unanswered
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(exchange, 200);
    }

    private record Child(Process process, Path logFile, URI base) {
        void send(String command) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }
    }

    private Child start(Path config, CrashingUpwatch.Point point, Path log) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashingUpwatch.class.getName(), config.toString(), point.name())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(process);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher base = BASE_URI.matcher(Files.readString(log));
            if (base.find()) {
                return new Child(process, log, URI.create(base.group(1)));
            }
            if (!process.isAlive()) {
                fail("the child ended early: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return fail("the child did not start: " + Files.readString(log));
    }

    private static String status(URI base) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("api/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode service : JSON.readTree(response.body()).get("services")) {
                if (service.get("id").asText().equals("api")) {
                    return service.get("status").asText();
                }
            }
            return "none";
        }
    }

    /** Outbox rows of service.down by "channel type state" → count. */
    private static Map<String, Integer> outboxState(String jdbc, String user, String password) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String row : rows(jdbc, user, password, "select channel, event_type, state from notification_outbox "
                + "where event_type = 'service.down'")) {
            counts.merge(row, 1, Integer::sum);
        }
        return counts;
    }

    private static List<String> rows(String jdbc, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbc, user, password);
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join(" ", values));
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void await(String what, ThrowingCondition condition, Child child) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                // not serving yet, or the database is held by the child: ask again
            }
            if (!child.process().isAlive() && child.process().exitValue() != 0) {
                fail(what + ": the child ended: " + child.log());
            }
            Thread.sleep(50);
        }
        fail(what + ": not within " + WAIT + "; arrivals " + arrivals + "; child log:\n" + child.log());
    }

    /** A condition that may fail to be read. */
    private interface ThrowingCondition {
        boolean holds() throws Exception;
    }

    private static HttpServer serve(String path, com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, handler);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
