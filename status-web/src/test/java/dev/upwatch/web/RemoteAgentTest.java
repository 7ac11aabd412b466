package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.agent.BatchSignature;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Remote agents against a real server: the agent is {@code upwatch agent} in a child JVM, checking a loopback TCP
 * target for the location {@code office}; the server runs in this JVM on the embedded H2 store. Its results appear in the
 * server's API; a batch that is unsigned, forged, altered, stale or replayed is refused, and one sent again under a new
 * signature is counted once; and with its link to the server cut for two minutes (a loopback proxy that drops every
 * connection), killed and restarted in the middle, it buffers on disk and then delivers every result of the cut,
 * once and in order.
 */
class RemoteAgentTest {
    private static final String MONITOR = "office-db";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private ServerSocket target;
    private UpwatchApplication app;
    private String agentToken;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> agentOutput = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!target.isClosed()) {
                try (Socket ignored = target.accept()) {
                    // accepted: the tcp check succeeds
                } catch (IOException e) {
                    // closed at the end
                }
            }
        });
        Path config = dir.resolve("upwatch.yml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0 }
                storage: { data-dir: "%s" }
                monitors:
                  - { id: %s, type: tcp, host: 127.0.0.1, port: %d, interval: 1s, timeout: 500ms, locations: [office] }
                """.formatted(dir.resolve("db").toString().replace("\\", "/"), MONITOR, target.getLocalPort()));
        // The operator's way: the CLI binds the new agent token to its location (before the server holds the database).
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"token", "create", "--scope", "agent", "--location", "office", "--name",
                "office agent", "--config", config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("scope agent, location office"), printed);
        agentToken = printed.lines().filter(line -> line.startsWith("upw_")).findFirst().orElseThrow();
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .load(config), Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    @AfterEach
    void stop() throws IOException {
        processes.forEach(Process::destroyForcibly);
        if (app != null) {
            app.close();
        }
        target.close();
    }

    @Test
    void anAgentChecksALoopbackTargetAndItsResultsAppearInTheServersApi() throws Exception {
        Process agent = agent(app.baseUri(), dir.resolve("agent"));
        await("three results of the agent in the server's API", Duration.ofSeconds(60), () -> samples().size() >= 3);
        JsonNode service = get("api/v1/services/" + MONITOR).get("service");
        assertEquals("up", service.get("status").asText(), service.toString());
        JsonNode agents = JSON.readTree(ServerRequests.operator(app, "api/v1/cluster/agents").body()).get("agents");
        assertEquals(1, agents.size(), agents.toString());
        assertEquals("office", agents.get(0).get("location").asText());
        assertFalse(agents.get(0).get("lastContact").isNull(), agents.toString());
        assertTrue(agent.isAlive(), String.join("\n", agentOutput));
        assertTrue(agentOutput.stream().noneMatch(line -> line.contains(agentToken)), "the token is never printed");
        // Only the agent checks a monitor of an agent's location: the server runs it not.
        assertEquals(0, app.engine().schedulerStats().checksStarted(), "the server checked the agent's monitor itself");
    }

    @Test
    void unsignedForgedAlteredStaleAndReplayedBatchesAreRefusedAndARepeatIsCountedOnce() throws Exception {
        String result = """
                {"sequence": %d, "monitor": "office-db", "startedAt": "%s", "responseMicros": 1200, "outcome": "success"}""";
        byte[] one = ("{\"results\":[" + result.formatted(1, Instant.now()) + "]}").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        BatchSignature signature = BatchSignature.forToken(agentToken);

        assertProblem(post(one, null, null, null, "office"), 401, "webhook-id: header is required");
        assertProblem(post(one, "b1", now, BatchSignature.forToken("upw_someone-else").sign("b1", now, one), "office"), 401,
                "webhook-signature: does not match");
        byte[] altered = new String(one, StandardCharsets.UTF_8).replace("success", "failure").getBytes(StandardCharsets.UTF_8);
        assertProblem(post(altered, "b1", now, signature.sign("b1", now, one), "office"), 401,
                "webhook-signature: does not match");
        long stale = now - Duration.ofMinutes(6).toSeconds();
        assertProblem(post(one, "b0", stale, signature.sign("b0", stale, one), "office"), 401, "webhook-timestamp");
        assertProblem(post(one, "b1", now, signature.sign("b1", now, one), "lab"), 403,
                "location: this token is bound to location 'office', not 'lab'");

        HttpResponse<String> accepted = post(one, "b1", now, signature.sign("b1", now, one), "office");
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals(1, JSON.readTree(accepted.body()).get("applied").asInt(), accepted.body());
        assertProblem(post(one, "b1", now, signature.sign("b1", now, one), "office"), 409, "webhook-id: batch b1 was"
                + " received already");
        // Its answer lost, the agent sends the batch again under a new id: taken, but not counted again.
        HttpResponse<String> again = post(one, "b2", now, signature.sign("b2", now, one), "office");
        assertEquals(200, again.statusCode(), again.body());
        JsonNode receipt = JSON.readTree(again.body());
        assertEquals(0, receipt.get("applied").asInt(), again.body());
        assertEquals(1, receipt.get("repeated").asInt(), again.body());

        byte[] bad = ("{\"results\":[" + result.formatted(2, Instant.now()).replace("success", "fine") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(post(bad, "b3", now, signature.sign("b3", now, bad), "office"), 400,
                "results[0].outcome: must be success, failure, error or blocked, got 'fine'");

        // Scopes: a read token cannot deliver, and an agent token opens nothing but the agent's routes.
        String read = app.tokens().create("reader", TokenScope.READ).secret().value();
        assertProblem(send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/agent/assignment?location=office"))
                .header("Authorization", "Bearer " + read).GET()), 403, "needs a token of scope agent");
        assertProblem(send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/cluster/agents"))
                .header("Authorization", "Bearer " + agentToken).GET()), 403, "an agent token grants only");

        await("the one result stored once", Duration.ofSeconds(30), () -> samples().size() == 1);
    }

    @Test
    void theAssignmentIsAConditionalGet() throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(app.baseUri().resolve(
                "api/v1/agent/assignment?location=office")).header("Authorization", "Bearer " + agentToken).GET());
        assertEquals(200, first.statusCode(), first.body());
        JsonNode monitors = JSON.readTree(first.body()).get("monitors");
        assertEquals(1, monitors.size(), first.body());
        assertEquals(MONITOR, monitors.get(0).get("id").asText());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> unchanged = send(HttpRequest.newBuilder(app.baseUri().resolve(
                "api/v1/agent/assignment?location=office")).header("Authorization", "Bearer " + agentToken)
                .header("If-None-Match", etag).GET());
        assertEquals(304, unchanged.statusCode());
        assertEquals("", unchanged.body());
    }

    @Test
    void anAgentCutOffForTwoMinutesCatchesUpWithEveryResultOnceAndInOrder() throws Exception {
        Duration cutFor = Duration.ofMinutes(2);
        Path data = dir.resolve("agent");
        try (CuttableProxy link = new CuttableProxy(app.baseUri())) {
            Process first = agent(link.baseUri(), data);
            await("the agent's first results", Duration.ofSeconds(60), () -> samples().size() >= 3);
            link.cut();
            Instant cutAt = Instant.now();
            await("the agent noticing the cut", Duration.ofSeconds(30),
                    () -> agentOutput.stream().anyMatch(line -> line.contains("buffering them on disk")));
            // The cut itself is real time (its length is what is tested). Halfway, the agent's machine fails (kill -9)
            // and a new agent process starts on the same data directory: what the first buffered is not lost.
            await("a minute of cut", cutFor, () -> Duration.between(cutAt, Instant.now()).compareTo(cutFor.dividedBy(2)) >= 0);
            first.destroyForcibly().waitFor();
            int linesBefore = agentOutput.size();
            agent(link.baseUri(), data);
            await("the second agent started", Duration.ofSeconds(30),
                    () -> agentOutput.subList(linesBefore, agentOutput.size()).stream()
                            .anyMatch(line -> line.contains("Upwatch agent for location office")));
            await("two minutes of cut", cutFor.plusSeconds(30),
                    () -> Duration.between(cutAt, Instant.now()).compareTo(cutFor) >= 0);
            Instant restoredAt = Instant.now();
            link.restore();
            await("the results of the cut delivered", Duration.ofSeconds(120),
                    () -> samples().stream().anyMatch(s -> s.isAfter(restoredAt)));
            Duration catchUp = Duration.between(restoredAt, Instant.now());

            long base = Long.parseLong(Files.readString(data.resolve("buffer").resolve("sequence-base")).strip());
            // Every result the agent numbered and the server acknowledged is stored once: acknowledged - base of them.
            long[] numbered = new long[1];
            await("stored = acknowledged", Duration.ofSeconds(30), () -> {
                numbered[0] = acknowledged() - base;
                return samples().size() == numbered[0];
            });
            List<Instant> stored = samples();
            assertEquals(new HashSet<>(stored).size(), stored.size(), "a result stored twice");
            List<Instant> inCut = stored.stream().filter(s -> !s.isBefore(cutAt) && s.isBefore(restoredAt)).toList();
            long expected = Duration.between(cutAt, restoredAt).toSeconds();
            assertTrue(inCut.size() >= expected - 15, inCut.size() + " results of a " + expected + " s cut");
            // One check a second: no longer gap but the one while no agent ran (JVM start, first check within 5 s).
            List<Duration> gaps = new ArrayList<>();
            for (int i = 1; i < stored.size(); i++) {
                Duration gap = Duration.between(stored.get(i - 1), stored.get(i));
                if (gap.compareTo(Duration.ofMillis(2_500)) >= 0) {
                    gaps.add(gap);
                }
            }
            assertTrue(gaps.size() <= 1 && gaps.stream().allMatch(g -> g.compareTo(Duration.ofSeconds(15)) < 0),
                    "results lost: gaps " + gaps);
            System.out.printf("agent catch-up: %d results of a %d s cut (agent killed and restarted in it, gap %s)"
                    + " delivered %d ms after the link came back; all %d numbered results stored once%n", inCut.size(), expected,
                    gaps, catchUp.toMillis(), numbered[0]);
        }
    }

    private long acknowledged() {
        try {
            JsonNode agents = JSON.readTree(ServerRequests.operator(app, "api/v1/cluster/agents").body()).get("agents");
            return agents.get(0).get("acknowledged").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The start times of the monitor's stored checks, oldest first. */
    private List<Instant> samples() {
        try {
            List<Instant> all = new ArrayList<>();
            String path = "api/v1/services/" + MONITOR + "/samples?limit=1000&from=" + Instant.now().minus(Duration.ofHours(1))
                    + "&to=" + Instant.now().plus(Duration.ofMinutes(1));
            while (path != null) {
                JsonNode page = get(path);
                page.get("samples").forEach(s -> all.add(Instant.parse(s.get("startedAt").asText())));
                path = page.get("nextCursor").isNull() ? null
                        : "api/v1/services/" + MONITOR + "/samples?limit=1000&cursor=" + page.get("nextCursor").asText();
            }
            return all;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = ServerRequests.get(app.baseUri(), path);
        assertEquals(200, response.statusCode(), path + " → " + response.body());
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(byte[] body, String id, Long timestamp, String signature, String location)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve("api/v1/agent/results?location="
                        + location)).header("Authorization", "Bearer " + agentToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (id != null) {
            request.header(BatchSignature.ID, id).header(BatchSignature.TIMESTAMP, Long.toString(timestamp))
                    .header(BatchSignature.SIGNATURE, signature);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        String text = JSON.readTree(response.body()).get("detail").asText();
        assertTrue(text.contains(detail), text);
    }

    /** {@code upwatch agent} in a child JVM, reporting to {@code server}. */
    private Process agent(URI server, Path data) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dguice_bytecode_gen_option=DISABLED", "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "agent", "--server", server.toString(), "--location", "office", "--data-dir", data.toString(),
                "--poll", "1s", "--batch-every", "500ms"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("UPWATCH_AGENT_TOKEN", agentToken);
        Process process = builder.start();
        processes.add(process);
        collect(process.getInputStream());
        return process;
    }

    private void collect(InputStream stream) {
        Thread.ofPlatform().daemon().start(() -> {
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    agentOutput.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("no " + what + " within " + limit + "; agent said:\n" + String.join("\n", agentOutput));
            }
            Thread.sleep(100);
        }
    }

}
