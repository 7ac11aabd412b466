package dev.upwatch.probes.dns;

import dev.upwatch.core.condition.Placeholder;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeOutcome;
import dev.upwatch.core.probe.ProbeSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The {@code dns} probe against a stub name server on a real UDP socket. */
class DnsProbeTest {
    private static final DnsProbeFactory FACTORY = new DnsProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private StubDnsServer server;

    @BeforeEach
    void start() throws Exception {
        server = new StubDnsServer()
                .add("example.test", 1, InetAddress.getByName("192.0.2.1").getAddress())
                .add("example.test", 1, InetAddress.getByName("192.0.2.2").getAddress())
                .add("example.test", 28, InetAddress.getByName("2001:db8::1").getAddress())
                .add("example.test", 15, StubDnsServer.mx(10, "mail.example.test"))
                .add("example.test", 16, StubDnsServer.text("v=spf1 ", "-all"))
                .add("example.test", 2, StubDnsServer.name("ns1.example.test"))
                .add("www.example.test", 5, StubDnsServer.name("example.test"))
                .add("empty.example.test", 99, new byte[0]);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments("A", "example.test", "192.0.2.1\n192.0.2.2", Optional.of("192.0.2.1")),
                arguments("AAAA", "example.test", "2001:db8:0:0:0:0:0:1", Optional.of("2001:db8:0:0:0:0:0:1")),
                arguments("mx", "example.test", "10 mail.example.test", Optional.empty()),
                arguments("TXT", "Example.Test.", "v=spf1 -all", Optional.empty()),
                arguments("NS", "example.test", "ns1.example.test", Optional.empty()),
                arguments("CNAME", "www.example.test", "example.test", Optional.empty()),
                arguments("A", "empty.example.test", "", Optional.empty()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("answers")
    void answersOfEachType(String type, String name, String body, Optional<String> ip) throws Exception {
        ProbeOutcome outcome = check(Map.of("query-name", name, "query-type", type), Set.of(Placeholder.BODY));

        assertTrue(outcome.connected());
        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("NOERROR"), outcome.dnsRcode());
        assertEquals(Optional.of(body), outcome.body());
        assertEquals(ip, outcome.ip());
        assertTrue(outcome.phases().containsKey("query"), outcome.phases()::toString);
        assertFalse(outcome.phases().containsKey("dns"), "the server is an address: no lookup of its own");
    }

    @Test
    void unknownNameIsNxdomain() throws Exception {
        ProbeOutcome outcome = check(Map.of("query-name", "missing.example.test"), Set.of());

        assertTrue(outcome.connected());
        assertEquals(Optional.of("NXDOMAIN"), outcome.dnsRcode());
        assertEquals(Optional.empty(), outcome.ip());
        assertEquals(Optional.empty(), outcome.body(), "the body is kept only when a condition reads it");
    }

    @Test
    void silentServerTimesOut() throws Exception {
        server.silence();

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of(), Duration.ofMillis(200));

        assertFalse(outcome.connected());
        assertEquals(Optional.empty(), outcome.dnsRcode());
        assertEquals(Optional.of("no answer from 127.0.0.1:" + server.port() + " within 200ms"), outcome.error());
    }

    @Test
    void cutShortResponseIsAnError() throws Exception {
        server.mangle(answer -> Arrays.copyOf(answer, answer.length - 3));

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of());

        assertTrue(outcome.error().orElseThrow().startsWith("malformed DNS response: response is cut short"),
                outcome.error()::toString);
    }

    @Test
    void compressionLoopIsAnError() throws Exception {
        // Point the first answer's name at itself.
        server.mangle(answer -> {
            byte[] changed = answer.clone();
            int questionEnd = 12 + StubDnsServer.name("example.test").length + 4;
            changed[questionEnd] = (byte) 0xC0;
            changed[questionEnd + 1] = (byte) questionEnd;
            return changed;
        });

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of());

        assertTrue(outcome.error().orElseThrow().contains("name compression loops"), outcome.error()::toString);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                arguments(Map.of(), "query-name", "is required"),
                arguments(Map.of("query-name", "a..b"), "query-name", "'a..b' has a label that is empty or longer than 63 characters"),
                arguments(Map.of("query-name", "bücher.example"), "query-name",
                        "'bücher.example' contains 'ü'; write international names in their xn-- (punycode) form"),
                arguments(Map.of("query-name", "x.test", "query-type", "SRV"), "query-type",
                        "'SRV' is not supported; use A, AAAA, CNAME, MX, TXT or NS"),
                arguments(Map.of("query-name", "x.test", "server", "10.0.0.1:99999"), "server",
                        "port 99999 is out of range [1, 65535]"),
                arguments(Map.of("query-name", "x.test", "server", "10.0.0.1:dns"), "server", "port 'dns' is not a number"),
                arguments(Map.of("query-name", "x.test", "server", "[::1"), "server",
                        "'[::1' is not host, host:port or [address]:port"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badSettings")
    void badSettingsNameTheKey(Map<String, String> settings, String key, String problem) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));
        assertEquals(key, e.key());
        assertEquals(problem, e.problem());
    }

    @Test
    void serverForms() {
        assertEquals(new DnsServer("10.0.0.1", 53), DnsServer.parse("10.0.0.1"));
        assertEquals(new DnsServer("ns.example", 5353), DnsServer.parse("ns.example:5353"));
        assertEquals(new DnsServer("::1", 53), DnsServer.parse("::1"));
        assertEquals(new DnsServer("::1", 5353), DnsServer.parse("[::1]:5353"));
    }

    private ProbeOutcome check(Map<String, String> settings, Set<Placeholder> needed) throws Exception {
        return check(settings, needed, Duration.ofSeconds(5));
    }

    private ProbeOutcome check(Map<String, String> settings, Set<Placeholder> needed, Duration timeout)
            throws Exception {
        Map<String, String> withServer = new java.util.HashMap<>(settings);
        withServer.put("server", "127.0.0.1:" + server.port());
        try (Probe probe = FACTORY.create(ProbeSettings.of(withServer), ENVIRONMENT)) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of("dns"), timeout, needed));
        }
    }
}
