package dev.upwatch.probes.http;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.upwatch.core.model.Placeholder.BODY;
import static dev.upwatch.core.model.Placeholder.STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code http} probe against a real HTTP server on the loopback interface. */
class HttpProbeTest {
    private static final MonitorId MONITOR = MonitorId.of("http-test");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static LocalHttpServer server;
    private static HttpProbeFactory factory;
    private static ProbeEnvironment environment;

    @BeforeAll
    static void start() throws IOException {
        server = LocalHttpServer.http();
        factory = new HttpProbeFactory();
        environment = ProbeEnvironment.builder().build();
    }

    @AfterAll
    static void stop() {
        environment.close();
        server.close();
    }

    @Test
    void reportsStatusHeadersBodyAddressAndPhases() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/json")), TIMEOUT, STATUS, BODY);

        assertTrue(outcome.connected());
        assertEquals(Optional.empty(), outcome.error());
        assertEquals(OptionalInt.of(200), outcome.statusCode());
        assertEquals(Optional.of(LocalHttpServer.JSON), outcome.body());
        assertTrue(outcome.header("Content-Type").orElseThrow().startsWith("application/json"), outcome.headers()::toString);
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(Optional.empty(), outcome.certificateExpiry());
        assertEquals(List.of("dns", "connect", "firstByte", "transfer"), List.copyOf(outcome.phases().keySet()));
        assertEquals(outcome.elapsed().orElseThrow(),
                outcome.phases().get("firstByte").plus(outcome.phases().get("transfer")));
        // The lookup and the connect lie inside the time to the first byte, also without the client's own time.
        assertTrue(outcome.phases().get("dns").plus(outcome.phases().get("connect"))
                .compareTo(outcome.phases().get("firstByte")) <= 0, outcome.phases()::toString);
    }

    @Test
    void serviceUnavailableIsAStatusNotAnError() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/unavailable")), TIMEOUT, STATUS);

        assertTrue(outcome.connected());
        assertEquals(OptionalInt.of(503), outcome.statusCode());
        assertEquals(Optional.empty(), outcome.error());
    }

    @Test
    void bodyIsNotReadWhenNoConditionNeedsIt() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/json")), TIMEOUT, STATUS);

        assertEquals(OptionalInt.of(200), outcome.statusCode());
        assertEquals(Optional.empty(), outcome.body());
    }

    @Test
    void headRequestHasNoBody() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/json"), "method", "HEAD"), TIMEOUT, STATUS, BODY);

        assertEquals(OptionalInt.of(200), outcome.statusCode());
        assertEquals(Optional.of(""), outcome.body());
    }

    @Test
    void postSendsTheBodyAndHeaders() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/echo"), "method", "post", "body", "{\"ping\":1}",
                "headers", Map.of("X-Probe", "upwatch", "Content-Type", "application/json")), TIMEOUT, BODY);

        assertEquals(Optional.of("POST upwatch application/json {\"ping\":1}"), outcome.body());
    }

    @Test
    void bodyIsDecodedWithTheDeclaredCharset() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/latin1")), TIMEOUT, BODY);

        assertEquals(Optional.of("café"), outcome.body());
    }

    @Test
    void slowServerEndsNearTheDeadlineNotWhenItAnswers() throws Exception {
        long start = System.nanoTime();
        ProbeOutcome outcome = check(Map.of("url", server.url("/slow")), Duration.ofMillis(500), STATUS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofMillis(1_500)) < 0, "took " + took);
        assertTrue(outcome.connected(), "the connection was up; only the answer was late");
        assertEquals(Optional.of("timed out after 500ms"), outcome.error());
        assertEquals(OptionalInt.empty(), outcome.statusCode());
    }

    @Test
    void redirectIsNotFollowedByDefault() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/moved")), TIMEOUT, STATUS);

        assertEquals(OptionalInt.of(301), outcome.statusCode());
        assertEquals(Optional.of("/json"), outcome.header("location"));
    }

    @Test
    void redirectIsFollowedWhenEnabled() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/moved"), "follow-redirects", "true"),
                TIMEOUT, STATUS, BODY);

        assertEquals(OptionalInt.of(200), outcome.statusCode());
        assertEquals(Optional.of(LocalHttpServer.JSON), outcome.body());
    }

    @Test
    void redirectsUpToTheLimitAreFollowed() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/chain/3"), "follow-redirects", "true",
                "max-redirects", "3"), TIMEOUT, STATUS);

        assertEquals(OptionalInt.of(200), outcome.statusCode());
    }

    @Test
    void redirectsBeyondTheLimitFailTheCheck() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/chain/3"), "follow-redirects", "true",
                "max-redirects", "2"), TIMEOUT, STATUS);

        assertTrue(outcome.connected());
        assertEquals(OptionalInt.empty(), outcome.statusCode());
        assertEquals(Optional.of("too many redirects: got 302 after 2 (max-redirects is 2)"), outcome.error());
    }

    @Test
    void seeOtherTurnsAPostIntoAGet() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/submitted"), "method", "POST", "body", "form",
                "follow-redirects", "true"), TIMEOUT, BODY);

        assertEquals(Optional.of("GET null null "), outcome.body());
    }

    @Test
    void redirectToAnotherSchemeIsNotFollowed() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/to-file"), "follow-redirects", "true"), TIMEOUT, STATUS);

        assertEquals(OptionalInt.empty(), outcome.statusCode());
        assertEquals(Optional.of("cannot follow redirect: 'file:///etc/passwd' uses scheme 'file'; only http and https "
                + "are supported"), outcome.error());
    }

    @Test
    void credentialsAreNotSentToAnotherOrigin() throws Exception {
        Map<String, String> authorization = Map.of("Authorization", "Bearer s3cret");

        ProbeOutcome sameOrigin = check(Map.of("url", server.url("/again"), "follow-redirects", "true",
                "headers", authorization), TIMEOUT, BODY);
        ProbeOutcome otherOrigin = check(Map.of("url", server.url("/away"), "follow-redirects", "true",
                "headers", authorization), TIMEOUT, BODY);

        assertEquals(Optional.of("Bearer s3cret"), sameOrigin.body());
        assertEquals(Optional.of("anonymous"), otherOrigin.body());
    }

    @Test
    void basicAndBearerAuthenticationGoOnlyToTheConfiguredOrigin() throws Exception {
        ProbeOutcome basic = check(Map.of("url", server.url("/again"), "follow-redirects", "true",
                "username", "alice", "password", "pä ss"), TIMEOUT, BODY);
        ProbeOutcome bearer = check(Map.of("url", server.url("/again"), "follow-redirects", "true",
                "bearer-token", "t0ken"), TIMEOUT, BODY);
        ProbeOutcome elsewhere = check(Map.of("url", server.url("/away"), "follow-redirects", "true",
                "bearer-token", "t0ken"), TIMEOUT, BODY);

        String pair = java.util.Base64.getEncoder().encodeToString("alice:pä ss".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("Basic " + pair), basic.body());
        assertEquals(Optional.of("Bearer t0ken"), bearer.body());
        assertEquals(Optional.of("anonymous"), elsewhere.body());
    }

    @Test
    void bodyIsCappedAtMaxBody() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/big"), "max-body", "1000"), TIMEOUT, STATUS, BODY);

        assertEquals(OptionalInt.of(200), outcome.statusCode());
        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("x".repeat(1000)), outcome.body());
    }

    @Test
    void gzipBodyIsDecompressed() throws Exception {
        int before = server.gzipResponses();
        ProbeOutcome outcome = check(Map.of("url", server.url("/gzip")), TIMEOUT, BODY);

        assertEquals(before + 1, server.gzipResponses(), "the client accepted gzip and the server used it");
        assertEquals(Optional.of("a".repeat(LocalHttpServer.GZIP_BODY_BYTES)), outcome.body());
    }

    @Test
    void maxBodyCountsDecompressedBytes() throws Exception {
        // The compressed body is a few hundred bytes; the cap applies to the 100 000 bytes it expands to.
        ProbeOutcome outcome = check(Map.of("url", server.url("/gzip"), "max-body", "2000"), TIMEOUT, BODY);

        assertEquals(Optional.of("a".repeat(2000)), outcome.body());
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", "http://127.0.0.1:" + closedPort() + "/"), TIMEOUT, STATUS);

        assertFalse(outcome.connected());
        assertEquals(Optional.of("connection refused"), outcome.error());
        assertEquals(OptionalInt.empty(), outcome.statusCode());
    }

    @Test
    void unknownHostIsUnreachable() throws Exception {
        // .invalid is reserved (RFC 6761): resolvers answer NXDOMAIN for it.
        ProbeOutcome outcome = check(Map.of("url", "http://example.invalid/"), Duration.ofSeconds(3), STATUS);

        assertFalse(outcome.connected());
        assertEquals(Optional.of("unknown host example.invalid"), outcome.error());
    }

    @Test
    void elapsedIncludesTheServerDelay() throws Exception {
        // Warm up class loading and the JIT so the measured call shows the exchange, not the first-call overhead.
        for (int i = 0; i < 3; i++) {
            check(Map.of("url", server.url("/json")), TIMEOUT, STATUS);
        }
        ProbeOutcome outcome = check(Map.of("url", server.url("/sleep100")), TIMEOUT, STATUS);

        Duration elapsed = outcome.elapsed().orElseThrow();
        assertTrue(elapsed.compareTo(Duration.ofMillis(100)) >= 0, "elapsed " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofMillis(180)) < 0, "elapsed " + elapsed);
        assertTrue(outcome.phases().get("firstByte").compareTo(Duration.ofMillis(100)) >= 0, outcome.phases()::toString);
    }

    @Test
    void interruptStopsTheCheck() throws Exception {
        try (Probe probe = factory.create(ProbeSettings.of(Map.of("url", server.url("/slow"))), environment)) {
            CompletableFuture<Optional<Throwable>> ended = new CompletableFuture<>();
            Thread checking = Thread.ofVirtual().start(() -> {
                try {
                    probe.probe(context(Duration.ofSeconds(30), STATUS));
                    ended.complete(Optional.empty());
                } catch (Exception e) {
                    ended.complete(Optional.of(e));
                }
            });
            checking.interrupt();

            assertInstanceOf(InterruptedException.class, ended.get(5, TimeUnit.SECONDS).orElseThrow());
        }
    }

    @Test
    void connectMadeOnTheChecksThreadEndsAtTheDeadline() throws Exception {
        // A listener whose accept queue is full drops further SYNs, so a connect to it hangs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    socket.connect(full.getLocalSocketAddress(), 200);
                }
            } catch (SocketTimeoutException e) {
                // the queue is full
            }
            try (Probe probe = factory.create(ProbeSettings.of(Map.of("url",
                    "http://127.0.0.1:" + full.getLocalPort() + "/")), environment)) {
                CompletableFuture<ProbeOutcome> outcome = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        outcome.complete(probe.probe(context(Duration.ofMillis(300), STATUS)));
                    } catch (Exception e) {
                        outcome.completeExceptionally(e);
                    }
                });

                assertEquals(Optional.of("timed out after 300ms"), outcome.get(30, TimeUnit.SECONDS).error());
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    private static ProbeOutcome check(Map<String, ?> settings, Duration timeout, Placeholder... needed) throws Exception {
        try (Probe probe = factory.create(ProbeSettings.of(settings), environment)) {
            return probe.probe(context(timeout, needed));
        }
    }

    private static ProbeContext context(Duration timeout, Placeholder... needed) {
        return ProbeContext.startingNow(MONITOR, timeout, Set.of(needed));
    }

    /** A port nothing listens on: bound once to find a free one, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
