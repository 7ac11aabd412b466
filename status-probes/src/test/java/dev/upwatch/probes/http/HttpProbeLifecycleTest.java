package dev.upwatch.probes.http;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.service.CheckDeadlines;
import dev.upwatch.probes.rdap.DomainExpiry;
import dev.upwatch.probes.rdap.RdapSettings;
import org.eclipse.jetty.client.Destination;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.upwatch.core.model.Placeholder.STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How an {@code http} probe uses the shared client over its life: its Jetty destinations are kept from check to check
 * and removed when it closes, and each check (and each redirect hop) still opens a connection of its own, against a
 * real keep-alive server on port 0 that counts the connections it accepts.
 */
class HttpProbeLifecycleTest {
    private static final MonitorId MONITOR = MonitorId.of("lifecycle-test");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final RdapSettings RDAP = RdapSettings.from(ProbeSettings.empty());
    /** No condition here reads [DOMAIN_EXPIRATION]: the lookups are never asked. */
    private static final DomainExpiry NO_RDAP = DomainExpiry.of(ProbeEnvironment.offline(), () -> {
        throw new AssertionError("no RDAP lookup expected");
    });

    private ProbeEnvironment environment;
    private SharedHttpClient shared;
    private KeepAliveServer server;

    @BeforeEach
    void start() throws IOException {
        environment = ProbeEnvironment.builder().build();
        shared = new SharedHttpClient(environment);
        server = new KeepAliveServer();
    }

    @AfterEach
    void stop() throws IOException {
        shared.close();
        environment.close();
        server.close();
    }

    @Test
    void aProbeKeepsOneDestinationWhateverTheNumberOfChecks() throws Exception {
        HttpProbe first = probe("/ok");
        HttpProbe second = probe("/ok");
        for (int check = 0; check < 5; check++) {
            assertEquals(OptionalInt.of(200), first.probe(context(TIMEOUT)).statusCode());
        }
        assertEquals(1, destinations().size());
        second.probe(context(TIMEOUT));
        assertEquals(2, destinations().size(), "one per probe, not per origin");
    }

    @Test
    void everyCheckOpensItsOwnConnectionAndMeasuresItsPhases() throws Exception {
        HttpProbe probe = probe("/ok");
        for (int check = 1; check <= 4; check++) {
            ProbeOutcome outcome = probe.probe(context(TIMEOUT));

            assertEquals(OptionalInt.of(200), outcome.statusCode());
            assertEquals(List.of("dns", "connect", "firstByte", "transfer"), List.copyOf(outcome.phases().keySet()));
            assertEquals(check, server.accepted(), "the server keeps connections alive; the probe must not reuse them");
        }
    }

    @Test
    void everyRedirectHopOpensItsOwnConnection() throws Exception {
        HttpProbe probe = new HttpProbe(shared, HttpSettings.from(ProbeSettings.of(
                Map.of("url", server.url("/moved"), "follow-redirects", "true"))), NO_RDAP, RDAP,
                CheckDeadlines.shared());

        for (int check = 1; check <= 2; check++) {
            assertEquals(OptionalInt.of(200), probe.probe(context(TIMEOUT)).statusCode());
            assertEquals(2 * check, server.accepted(), "a hop to the same origin opens a new connection");
        }
        assertEquals(1, destinations().size());
    }

    @Test
    void aClosedProbeLeavesNoDestination() throws Exception {
        HttpProbe kept = probe("/ok");
        HttpProbe closed = probe("/ok");
        kept.probe(context(TIMEOUT));
        closed.probe(context(TIMEOUT));
        assertEquals(2, destinations().size());

        closed.close();

        assertEquals(1, destinations().size());
        kept.close();
        assertEquals(List.of(), destinations(), "the one left was the open probe's");
    }

    @Test
    void anAbandonedCheckLeavesNothingTheNextCheckCouldReuse() throws Exception {
        HttpProbe probe = probe("/ok");
        server.delayMillis.set(2_000);
        ProbeOutcome abandoned = probe.probe(context(Duration.ofMillis(200)));
        assertTrue(abandoned.error().orElseThrow().contains("timed out"), abandoned::toString);
        assertEquals(List.of(), destinations(), "a check that ends without its response removes its destinations");

        server.delayMillis.set(0);
        ProbeOutcome next = probe.probe(context(TIMEOUT));

        assertEquals(OptionalInt.of(200), next.statusCode());
        assertTrue(next.phases().containsKey("connect"), next.phases()::toString);
        assertEquals(2, server.accepted());
    }

    @Test
    void overlappingChecksOfOneProbeEachTraceTheirOwnConnection() throws Exception {
        HttpProbe probe = probe("/ok");
        server.delayMillis.set(300); // both checks are in flight at once
        List<ProbeOutcome> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Callable<ProbeOutcome> check = () -> probe.probe(context(TIMEOUT));
            List<Future<ProbeOutcome>> running = List.of(threads.submit(check), threads.submit(check));
            for (Future<ProbeOutcome> future : running) {
                outcomes.add(future.get());
            }
        }

        for (ProbeOutcome outcome : outcomes) {
            assertEquals(OptionalInt.of(200), outcome.statusCode());
            assertEquals(List.of("dns", "connect", "firstByte", "transfer"), List.copyOf(outcome.phases().keySet()));
            // Each waited for the server's answer on its own connection (less the client's own time, under 1 ms).
            assertTrue(outcome.elapsed().orElseThrow().compareTo(Duration.ofMillis(250)) >= 0, outcome::toString);
        }
        assertEquals(2, server.accepted());
        assertEquals(1, destinations().size(), "the second check's own destination is gone with it");
    }

    private HttpProbe probe(String path) {
        return new HttpProbe(shared, HttpSettings.from(ProbeSettings.of(Map.of("url", server.url(path)))), NO_RDAP, RDAP,
                CheckDeadlines.shared());
    }

    private List<Destination> destinations() {
        return shared.started().getDestinations();
    }

    private static ProbeContext context(Duration timeout) {
        return ProbeContext.startingNow(MONITOR, timeout, Set.of(STATUS));
    }

    /**
     * An HTTP/1.1 server on 127.0.0.1 and a free port that keeps every connection open for further requests and
     * counts the connections that carried a request: reuse would show as fewer of them, and a connection that carried
     * none (one was seen once in CI, from where is not known) is no exchange of the probe's. {@code /moved} redirects to {@code /ok}; {@code /ok} answers 200 after
     * {@link #delayMillis}.
     */
    private static final class KeepAliveServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        private final AtomicInteger accepted = new AtomicInteger();
        final AtomicLong delayMillis = new AtomicLong();

        KeepAliveServer() throws IOException {
            threads.execute(this::acceptLoop);
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        int accepted() {
            return accepted.get();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    threads.execute(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = connection.getOutputStream();
                boolean counted = false;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!counted) {
                        counted = true;
                        accepted.incrementAndGet();
                    }
                    String path = line.split(" ")[1];
                    while (!in.readLine().isEmpty()) {
                        // the request's headers: a GET has no body
                    }
                    String response = path.equals("/moved")
                            ? "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nContent-Length: 0\r\n\r\n"
                            : "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";
                    Thread.sleep(path.equals("/ok") ? delayMillis.get() : 0);
                    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException | InterruptedException | RuntimeException gone) {
                // the client closed the connection (or went away mid-request): nothing left to serve
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }
}
