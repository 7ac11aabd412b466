package dev.upwatch.probes.rdap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.MovableClock;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.LoopbackServer;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.http.HttpProbeFactory;
import dev.upwatch.probes.http.SelfSignedCertificate;
import dev.upwatch.probes.tls.TlsProbeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code [DOMAIN_EXPIRATION]} on http and tls monitors, from a real RDAP server on 127.0.0.1 (the JDK's HTTP server
 * answering RFC 9083 domain objects and an RFC 9224 bootstrap file). The monitored site also runs there, under
 * public-looking names that the environment's resolver maps to 127.0.0.1.
 */
class DomainExpirationTest {
    /** RDAP's expiration of example.com: 73 days and 4 hours after {@link #NOW}. */
    private static final Instant EXPIRES = Instant.parse("2027-08-13T04:00:00Z");
    private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");
    private static final NameResolver RESOLVER = host -> List.of(InetAddress.getByName("127.0.0.1"));
    private static HttpServer server;
    private static ServerSocket tlsServer;
    private static final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private MovableClock clock;
    private ProbeEnvironment environment;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", DomainExpirationTest::answer);
        server.start();
        tlsServer = SelfSignedCertificate.generate(directory, 30).serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        LoopbackServer.serve(tlsServer, socket -> {
            try {
                ((SSLSocket) socket).startHandshake();
            } catch (IOException e) {
                // the probe hung up
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop(0);
        tlsServer.close();
    }

    @BeforeEach
    void environment() {
        requests.clear();
        clock = new MovableClock(NOW);
        environment = ProbeEnvironment.builder().nameResolver(RESOLVER).clock(clock).build();
    }

    @AfterEach
    void closeEnvironment() {
        environment.close();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        String port = Integer.toString(server.getAddress().getPort());
        String body = switch (path) {
            case "/health" -> "ok";
            case "/dns.json" -> """
                    {"version": "1.0", "publication": "2027-05-30T00:00:00Z", "services": [
                      [["net", "org"], ["https://rdap.example.net/"]],
                      [["com", "test"], ["http://127.0.0.1:PORT/rdap/"]]]}""".replace("PORT", port);
            case "/rdap/domain/example.com" -> """
                    {"objectClassName": "domain", "ldhName": "EXAMPLE.COM", "events": [
                      {"eventAction": "registration", "eventDate": "1995-08-14T04:00:00Z"},
                      {"eventAction": "expiration", "eventDate": "2027-08-13T04:00:00Z"}]}""";
            case "/rdap/domain/lapsed.test" -> """
                    {"objectClassName": "domain", "events": [{"eventAction": "last changed",
                      "eventDate": "2027-01-01T00:00:00Z"}]}""";
            default -> null;
        };
        int status = path.startsWith("/busy/") ? 503 : body == null ? 404 : 200;
        byte[] bytes = (body == null ? "{\"errorCode\": " + status + "}" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", path.startsWith("/rdap/") ? "application/rdap+json"
                : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void theRegisteredDomainOfTheHostIsFoundAndItsExpiryRead() {
        Sample sample = http("api.example.com", Map.of("rdap-server", rdap()), "[STATUS] == 200",
                "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertEquals("[DOMAIN_EXPIRATION] (73d4h) > 30d", sample.conditionResults().get(1).rendered());
        assertEquals(List.of("/health", "/rdap/domain/api.example.com", "/rdap/domain/example.com"),
                List.copyOf(requests), "api.example.com is not registered; its parent is");
    }

    @Test
    void anExpiryCloserThanTheConditionAllowsFailsTheCheck() {
        Sample sample = http("example.com", Map.of("rdap-server", rdap()), "[DOMAIN_EXPIRATION] > 90d");

        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("[DOMAIN_EXPIRATION] (73d4h) > 90d", sample.conditionResults().get(0).rendered());
    }

    @Test
    void theAnswerIsKeptTwelveHours() {
        http("example.com", Map.of("rdap-server", rdap()), "[DOMAIN_EXPIRATION] > 30d");
        clock.advance(Duration.ofHours(11));
        Sample kept = http("example.com", Map.of("rdap-server", rdap()), "[DOMAIN_EXPIRATION] > 30d");
        assertEquals("[DOMAIN_EXPIRATION] (72d17h) > 30d", kept.conditionResults().get(0).rendered());
        assertEquals(1, requests.stream().filter(path -> path.startsWith("/rdap/")).count());

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        http("example.com", Map.of("rdap-server", rdap()), "[DOMAIN_EXPIRATION] > 30d");
        assertEquals(2, requests.stream().filter(path -> path.startsWith("/rdap/")).count(), "asked again after 12 h");
    }

    @Test
    void withoutAServerTheBootstrapFileNamesOne() {
        Sample first = http("www.example.com", Map.of("rdap-bootstrap", base() + "/dns.json"),
                "[DOMAIN_EXPIRATION] > 30d");
        Sample second = http("example.com", Map.of("rdap-bootstrap", base() + "/dns.json"), "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.SUCCESS, first.outcome(), first.failureReason()::toString);
        assertEquals(Outcome.SUCCESS, second.outcome(), second.failureReason()::toString);
        assertEquals(1, requests.stream().filter(path -> path.equals("/dns.json")).count(), "the file is kept");
    }

    @Test
    void anUnreachableRdapServerIsAnErrorNeverDown() throws IOException {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = listener.getLocalPort();
        }

        Sample sample = http("example.com", Map.of("rdap-server", "http://127.0.0.1:" + closed + "/rdap/"),
                "[STATUS] == 200", "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.ERROR, sample.outcome());
        assertEquals(Optional.of("could not check [DOMAIN_EXPIRATION]: RDAP server 127.0.0.1 could not be reached:"
                + " connection refused"), sample.error());
        assertEquals("[DOMAIN_EXPIRATION] (could not check) > 30d", sample.conditionResults().get(1).rendered());
    }

    @Test
    void aFailingRdapServerIsAnErrorToo() {
        Sample sample = http("example.com", Map.of("rdap-server", base() + "/busy/"), "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.ERROR, sample.outcome());
        assertEquals(Optional.of("could not check [DOMAIN_EXPIRATION]: RDAP server 127.0.0.1 answered HTTP 503"),
                sample.error());
    }

    @Test
    void aRecordWithoutAnExpirationDateCannotBeChecked() {
        Sample sample = http("lapsed.test", Map.of("rdap-server", rdap()), "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.ERROR, sample.outcome());
        assertEquals(Optional.of("could not check [DOMAIN_EXPIRATION]: the RDAP record of lapsed.test has no"
                + " expiration date"), sample.error());
    }

    @Test
    void aSiteThatIsDownIsDownWhateverRdapSays() throws IOException {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = listener.getLocalPort();
        }
        Map<String, String> settings = Map.of("url", "http://example.com:" + closed + "/health",
                "rdap-server", "http://127.0.0.1:" + closed + "/rdap/");

        Sample sample = ProbeChecks.sample(new HttpProbeFactory(), environment, settings, "[STATUS] == 200",
                "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.FAILURE, sample.outcome(), "the site failed on its own account");
    }

    @Test
    void rdapServersAnswerToTheEgressPolicy() {
        Sample sample = http("example.com", Map.of("rdap-server", "http://169.254.169.254/rdap/"),
                "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.ERROR, sample.outcome());
        assertTrue(sample.error().orElseThrow().startsWith("could not check [DOMAIN_EXPIRATION]: "
                + EgressPolicy.BLOCKED_PREFIX), sample.error()::toString);
    }

    @Test
    void tlsMonitorsReadItToo() {
        Map<String, String> settings = Map.of("host", "mail.example.com", "port",
                Integer.toString(tlsServer.getLocalPort()), "insecure", "true", "rdap-server", rdap());

        Sample sample = ProbeChecks.sample(new TlsProbeFactory(), environment, settings, "[CONNECTED] == true",
                "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
    }

    @Test
    void anAddressHasNoDomain() {
        Map<String, String> settings = Map.of("url", base() + "/health", "rdap-server", rdap());

        Sample sample = ProbeChecks.sample(new HttpProbeFactory(), environment, settings, "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Optional.of("could not check [DOMAIN_EXPIRATION]: the host is an address, not a domain name;"
                + " set rdap-domain"), sample.error());
    }

    @Test
    void anAddressIsLookedUpUnderTheDomainTheSettingsName() {
        Map<String, String> settings = Map.of("url", base() + "/health", "rdap-server", rdap(),
                "rdap-domain", "example.com");

        Sample sample = ProbeChecks.sample(new HttpProbeFactory(), environment, settings, "[DOMAIN_EXPIRATION] > 30d");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertEquals(List.of("/health", "/rdap/domain/example.com"), List.copyOf(requests));
    }

    @Test
    void theHostAndThenEachParentIsACandidate() {
        assertEquals(List.of("a.b.example.co.uk", "b.example.co.uk", "example.co.uk", "co.uk"),
                DomainExpiry.candidates("a.b.example.co.uk"));
        assertEquals(List.of("example.com"), DomainExpiry.candidates("example.com."));
    }

    @Test
    void badSettingsNameTheKey() {
        InvalidSettingException server = assertThrows(InvalidSettingException.class, () -> new HttpProbeFactory()
                .create(ProbeSettings.of(Map.of("url", "https://example.com/", "rdap-server", "ftp://rdap.example/"))));
        assertEquals("rdap-server", server.key());
        InvalidSettingException domain = assertThrows(InvalidSettingException.class, () -> new HttpProbeFactory()
                .create(ProbeSettings.of(Map.of("url", "https://example.com/", "rdap-domain", "localhost"))));
        assertEquals("rdap-domain", domain.key());
    }

    private Sample http(String host, Map<String, String> rdap, String... conditions) {
        Map<String, String> settings = new java.util.HashMap<>(rdap);
        settings.put("url", "http://" + host + ":" + server.getAddress().getPort() + "/health");
        return ProbeChecks.sample(new HttpProbeFactory(), environment, settings, conditions);
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String rdap() {
        return base() + "/rdap/";
    }
}
