package dev.upwatch.probes.net;

import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.EgressDeniedException;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSRF table of the HTTP probe: with {@code deny-private} on, redirects and odd spellings of a loopback address are
 * refused before connecting. A listener on 127.0.0.1 counts the connections that arrive; it must see none. Only
 * 127.0.0.2 is allowed (by CIDR), for the redirector and to prove allowed targets still work. Every probe type against
 * every spelling is {@link dev.upwatch.probes.EveryProbeEgressTest}.
 */
class EgressTest {
    private static final EgressPolicy POLICY = EgressPolicy.denyPrivate(List.of(Cidr.parse("127.0.0.2/32")));
    private static final ProbeRegistry PROBES = ProbeRegistry.load(EgressTest.class.getClassLoader());

    private static ExecutorService executor;
    private static CheckRunner runner;
    private ServerSocket listener;
    private final AtomicInteger arrived = new AtomicInteger();
    private HttpServer redirector;
    private ProbeEnvironment environment;

    @BeforeAll
    static void startRunner() {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        runner = new CheckRunner(Clock.systemUTC(), executor);
    }

    @AfterAll
    static void stopRunner() {
        executor.close();
    }

    @BeforeEach
    void startListeners() throws IOException {
        environment = ProbeEnvironment.builder().egressPolicy(POLICY).build();
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    arrived.incrementAndGet();
                    readHead(socket);
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes());
                } catch (IOException e) {
                    return;
                }
            }
        });
        redirector = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 50);
        redirector.createContext("/to-loopback", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + listener.getLocalPort() + "/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        redirector.start();
    }

    @AfterEach
    void stopListeners() throws IOException {
        environment.close();
        listener.close();
        redirector.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::ffff:127.0.0.1]", "localhost", "[::1]"})
    void loopbackSpellingsAreBlocked(String host) {
        Sample sample = check("http", Map.of("url", "http://" + host + ":" + listener.getLocalPort() + "/"));
        assertEquals(Outcome.BLOCKED, sample.outcome(), sample.error().orElse(""));
        assertTrue(sample.error().orElseThrow().startsWith(EgressPolicy.BLOCKED_PREFIX), sample.error().orElseThrow());
        assertEquals(0, arrived.get());
    }

    /** Integer and hex forms of 127.0.0.1: blocked, or rejected as a URL without a host; never connected. */
    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0x7f.1", "0x7f000001", "017700000001", "127.1"})
    void numericLoopbackFormsNeverConnect(String host) {
        String url = "http://" + host + ":" + listener.getLocalPort() + "/";
        try {
            Sample sample = check("http", Map.of("url", url));
            assertNotEquals(Outcome.SUCCESS, sample.outcome(), sample.error().orElse(""));
        } catch (InvalidSettingException e) {
            assertEquals("url", e.key());
        }
        assertEquals(0, arrived.get());
    }

    @Test
    void cloudMetadataIsBlockedEvenByDefault() {
        useDefaultPolicy();
        Sample sample = check("http", Map.of("url", "http://169.254.169.254/latest/meta-data/"));
        assertEquals(Outcome.BLOCKED, sample.outcome());
        assertEquals("blocked by egress policy: 169.254.169.254 is a cloud metadata address", sample.error().orElseThrow());
    }

    @Test
    void redirectToLoopbackIsBlockedAtTheHop() {
        Sample sample = check("http", Map.of("url", "http://127.0.0.2:" + redirector.getAddress().getPort()
                + "/to-loopback", "follow-redirects", "true"));
        assertEquals(Outcome.BLOCKED, sample.outcome(), sample.error().orElse(""));
        assertEquals(0, arrived.get());
    }

    @Test
    void allowedAddressesAreStillChecked() {
        Sample sample = check("http", Map.of("url", "http://127.0.0.2:" + redirector.getAddress().getPort() + "/ok"));
        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.error().orElse(""));
    }

    @Test
    void tcpProbeIsBlockedToo() {
        Sample sample = check("tcp", Map.of("host", "localhost", "port", String.valueOf(listener.getLocalPort())));
        assertEquals(Outcome.BLOCKED, sample.outcome(), sample.error().orElse(""));
        assertEquals(0, arrived.get());
    }

    @Test
    void loopbackIsAllowedByDefault() {
        useDefaultPolicy();
        Sample sample = check("http", Map.of("url", "http://127.0.0.1:" + listener.getLocalPort() + "/"));
        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.error().orElse(""));
        assertEquals(1, arrived.get());
    }

    /**
     * A public-looking name whose DNS answer is 127.0.0.1: the resolver checks the answer and Jetty never connects
     * (it connects only to addresses the resolver returns, so there is no second lookup to rebind).
     */
    @Test
    void publicNameResolvingToLoopbackIsBlocked() throws Exception {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        ProbeEnvironment lyingDns = ProbeEnvironment.builder().egressPolicy(POLICY)
                .nameResolver(host -> List.of(loopback)).build();
        HttpClient client = new HttpClient();
        client.setSocketAddressResolver(new CheckedAddressResolver(lyingDns, executor));
        client.start();
        try {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client
                    .newRequest("http://status.example.com:" + listener.getLocalPort() + "/")
                    .timeout(5, java.util.concurrent.TimeUnit.SECONDS).send());
            assertTrue(EgressDeniedException.findIn(failure).isPresent(), failure.toString());
            assertEquals("blocked by egress policy: status.example.com (127.0.0.1) is a loopback address",
                    EgressDeniedException.findIn(failure).orElseThrow().getMessage());
        } finally {
            client.stop();
        }
        assertEquals(0, arrived.get());
    }

    private static void readHead(Socket socket) throws IOException {
        var in = socket.getInputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes();
        for (int b; matched < end.length && (b = in.read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private void useDefaultPolicy() {
        environment.close();
        environment = ProbeEnvironment.builder().build();
    }

    private Sample check(String type, Map<String, String> settings) {
        ProbeSettings probeSettings = ProbeSettings.of(settings);
        Monitor monitor = Monitor.builder(MonitorId.of("target"), "Target", new ProbeSpec(type, probeSettings))
                .timeout(Duration.ofSeconds(5)).build();
        try (Probe probe = PROBES.create(monitor.probe(), environment)) {
            return runner.run(monitor, probe);
        }
    }
}
