package dev.upwatch.probes.dns;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The {@code dns} probe against a real name server on loopback (UDP and TCP), written with dnsjava. */
class DnsProbeTest {
    private static final DnsProbeFactory FACTORY = new DnsProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build(); // loopback allowed
    private static final String DS_DIGEST = "49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE";
    private static final String DNSKEY = "mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==";
    /** Twenty TXT strings of 100 characters: about 2.3 KB of answer, more than the 1232 bytes a UDP answer may take. */
    private static final List<String> LARGE_TXT = IntStream.range(0, 20)
            .mapToObj(i -> String.format("%02d", i) + "x".repeat(98)).toList();

    private LoopbackNameServer server;

    @BeforeEach
    void start() throws IOException {
        server = LoopbackNameServer.start().add(
                record("example.test", "A", "192.0.2.1"),
                record("example.test", "A", "192.0.2.2"),
                record("example.test", "AAAA", "2001:db8::1"),
                record("example.test", "MX", "10 Mail.Example.Test."),
                record("example.test", "TXT", "\"v=spf1 \" \"-all\""),
                record("example.test", "NS", "ns1.example.test."),
                record("example.test", "CAA", "0 issue \"letsencrypt.org\""),
                record("example.test", "CAA", "128 iodef \"mailto:security@example.test\""),
                record("example.test", "SOA", "ns1.example.test. hostmaster.example.test. 2025060101 7200 3600 1209600 300"),
                record("example.test", "DS", "12345 13 1 " + DS_DIGEST),
                record("example.test", "DNSKEY", "257 3 13 " + DNSKEY),
                record("www.example.test", "CNAME", "example.test."),
                record("_sip._tcp.example.test", "SRV", "10 60 5060 sip.example.test."),
                record("_sip._tcp.example.test", "SRV", "20 0 5061 backup.example.test."),
                record("2.2.0.192.in-addr.arpa", "PTR", "host.example.test."),
                record("empty.example.test", "TXT", "\"only text here\""));
        for (String text : LARGE_TXT) {
            server.add(record("large.example.test", "TXT", "\"" + text + "\""));
        }
    }

    @AfterEach
    void stop() throws IOException {
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
                arguments("SRV", "_sip._tcp.example.test", "10 60 5060 sip.example.test\n20 0 5061 backup.example.test",
                        Optional.empty()),
                arguments("CAA", "example.test", "0 issue \"letsencrypt.org\"\n128 iodef \"mailto:security@example.test\"",
                        Optional.empty()),
                arguments("SOA", "example.test", "ns1.example.test hostmaster.example.test 2025060101 7200 3600 1209600 300",
                        Optional.empty()),
                arguments("PTR", "2.2.0.192.in-addr.arpa", "host.example.test", Optional.empty()),
                arguments("DS", "example.test", "12345 13 1 " + DS_DIGEST, Optional.empty()),
                arguments("DNSKEY", "example.test", "257 3 13 " + DNSKEY, Optional.empty()),
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
        assertEquals(List.of("query"), List.copyOf(outcome.phases().keySet()), "the server is an address: no lookup");
        assertEquals(1, server.udpQueries().size());
        assertEquals(List.of(), server.tcpQueries());
    }

    @Test
    void aQueryAsksForRecursionOverEdnsWithTheAdBit() throws Exception {
        check(Map.of("query-name", "example.test"), Set.of());

        Message query = server.udpQueries().getFirst();
        assertTrue(query.getHeader().getFlag(Flags.RD));
        assertTrue(query.getHeader().getFlag(Flags.AD), "asks a validating resolver to report validation (RFC 6840)");
        assertEquals(DnsQuery.EDNS_PAYLOAD, query.getOPT().getPayloadSize());
        assertEquals(0, query.getOPT().getFlags() & ExtendedFlags.DO, "no DNSSEC records asked for by default");
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
    void aTruncatedUdpAnswerIsAskedAgainOverTcp() throws Exception {
        ProbeOutcome outcome = check(Map.of("query-name", "large.example.test", "query-type", "TXT"),
                Set.of(Placeholder.BODY));

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of(String.join("\n", LARGE_TXT)), outcome.body(), "every record, from the TCP answer");
        assertEquals(1, server.udpQueries().size());
        assertEquals(1, server.tcpQueries().size());
        assertEquals(List.of("udpQuery", "connect", "query"), List.copyOf(outcome.phases().keySet()));
        Duration phases = outcome.phases().values().stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(outcome.elapsed().orElseThrow().compareTo(phases) >= 0, "the response time covers both exchanges");
    }

    @Test
    void tcpTransportAsksOverTcpOnly() throws Exception {
        ProbeOutcome outcome = check(Map.of("query-name", "example.test", "transport", "tcp"), Set.of(Placeholder.BODY));

        assertEquals(Optional.of("192.0.2.1\n192.0.2.2"), outcome.body());
        assertEquals(List.of(), server.udpQueries());
        assertEquals(1, server.tcpQueries().size());
        assertEquals(List.of("connect", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void aTruncatedAnswerFromAServerWithoutTcpSaysSo() throws Exception {
        server.closeTcp();

        ProbeOutcome outcome = check(Map.of("query-name", "large.example.test", "query-type", "TXT"), Set.of());

        assertEquals(Optional.of("TCP connection to 127.0.0.1:" + server.port()
                + " failed: connection refused (the UDP answer was truncated)"), outcome.error());
        assertEquals(Optional.empty(), outcome.dnsRcode());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAtTheDeadline() {
        server.silence();
        ProbeContext context = ProbeContext.startingNow(MonitorId.of("dns"), Duration.ofMillis(300), Set.of());

        // The guard only catches a hang: a probe that ignored its deadline would wait forever.
        ProbeOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> check(Map.of("query-name", "example.test"), context));

        assertTrue(context.remaining().isZero(), "it waited until the deadline");
        assertFalse(outcome.connected());
        assertEquals(Optional.empty(), outcome.dnsRcode());
        assertEquals(Optional.empty(), outcome.dnssecValidated());
        assertEquals(Optional.of("no answer from 127.0.0.1:" + server.port() + " within 300ms"), outcome.error());
    }

    @Test
    void aServerThatNeverAnswersOverTcpTimesOutAtTheDeadline() {
        server.silence();

        ProbeOutcome outcome = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> check(Map.of("query-name", "example.test", "transport", "tcp"), Set.of(), Duration.ofMillis(300)));

        assertEquals(Optional.of("no answer from 127.0.0.1:" + server.port() + " over TCP within 300ms"),
                outcome.error());
        assertEquals(1, server.tcpQueries().size(), "the query was sent");
    }

    @Test
    void theAdFlagOfAValidatingResolverIsDnssec() throws Exception {
        server.validated(Name.fromString("example.test."));

        assertEquals(Optional.of(true), check(Map.of("query-name", "example.test"), Set.of()).dnssecValidated());
        assertEquals(Optional.of(false), check(Map.of("query-name", "www.example.test", "query-type", "CNAME"), Set.of())
                .dnssecValidated(), "an answer the resolver did not validate");
    }

    @Test
    void dnssecAsksForDnssecRecords() throws Exception {
        server.validated(Name.fromString("example.test."));

        ProbeOutcome outcome = check(Map.of("query-name", "example.test", "dnssec", "true"), Set.of());

        assertEquals(Optional.of(true), outcome.dnssecValidated());
        assertEquals(ExtendedFlags.DO, server.udpQueries().getFirst().getOPT().getFlags() & ExtendedFlags.DO);
    }

    @Test
    void conditionsReadDnssecAndTheAnswers() throws Exception {
        server.validated(Name.fromString("example.test."));
        Monitor monitor = Monitor.builder(MonitorId.of("dns"), "DNS", ProbeSpec.of("dns", Map.of("query-name",
                        "example.test", "query-type", "MX", "server", "127.0.0.1:" + server.port())))
                .timeout(Duration.ofSeconds(5))
                .condition(dev.upwatch.core.condition.ConditionParser.parse("[DNSSEC] == true")).condition(dev.upwatch.core.condition.ConditionParser.parse("[DNS_RCODE] == NOERROR")).condition(dev.upwatch.core.condition.ConditionParser.parse("[BODY] == pat(10 mail.*)"))
                .build();

        Sample sample;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
             Probe probe = FACTORY.create(monitor.probe().settings(), ENVIRONMENT)) {
            sample = new CheckRunner(Clock.systemUTC(), executor).run(monitor, probe);
        }

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample::toString);
        assertEquals(List.of("[DNSSEC] (true) == true", "[DNS_RCODE] (NOERROR) == NOERROR",
                "[BODY] (10 mail.example.test) == pat(10 mail.*)"),
                sample.conditionResults().stream().map(ConditionResult::rendered).toList());
    }

    @Test
    void aLateAnswerToAnotherQueryIsPassedOver() throws Exception {
        server.sendStrayFirst();

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of());

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("NOERROR"), outcome.dnsRcode());
    }

    @Test
    void aCutShortResponseIsAnError() throws Exception {
        server.mangle(answer -> Arrays.copyOf(answer, answer.length - 3));

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of());

        assertTrue(outcome.connected(), "something came back");
        assertEquals(Optional.of("malformed DNS response: end of input"), outcome.error());
    }

    @Test
    void aCompressionLoopIsAnError() throws Exception {
        // Point the first answer's name at itself.
        server.mangle(answer -> {
            byte[] changed = answer.clone();
            int questionEnd = 12 + "example.test.".length() + 1 + 4;
            changed[questionEnd] = (byte) 0xC0;
            changed[questionEnd + 1] = (byte) questionEnd;
            return changed;
        });

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of());

        assertEquals(Optional.of("malformed DNS response: bad compression"), outcome.error());
    }

    @Test
    void anAnswerToAnotherQuestionIsAnError() throws Exception {
        server.mangle(answer -> {
            byte[] changed = answer.clone();
            changed[12 + 1] = 'f'; // example.test → fxample.test in the question
            return changed;
        });

        ProbeOutcome outcome = check(Map.of("query-name", "example.test"), Set.of());

        assertEquals(Optional.of("malformed DNS response: the answer is to another question: fxample.test. A"),
                outcome.error());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                arguments(Map.of(), "query-name", "is required"),
                arguments(Map.of("query-name", " "), "query-name", "is required"),
                arguments(Map.of("query-name", "a..b"), "query-name", "'a..b': invalid empty label"),
                arguments(Map.of("query-name", "x".repeat(64) + ".test"), "query-name",
                        "'" + "x".repeat(64) + ".test': label too long"),
                arguments(Map.of("query-name", "bücher.example"), "query-name",
                        "'bücher.example' contains 'ü'; write international names in their xn-- (punycode) form"),
                arguments(Map.of("query-name", "x.test", "query-type", "SRVX"), "query-type",
                        "'SRVX' is not a DNS record type; use one such as A, AAAA, CNAME, MX, NS, TXT, SRV, CAA, SOA,"
                                + " PTR, DS, DNSKEY (or TYPEnnn)"),
                arguments(Map.of("query-name", "x.test", "query-type", "AXFR"), "query-type",
                        "'AXFR' is not a record type to ask for; use one such as A, AAAA, CNAME, MX, NS, TXT, SRV, CAA,"
                                + " SOA, PTR, DS, DNSKEY"),
                arguments(Map.of("query-name", "x.test", "transport", "quic"), "transport",
                        "'quic' is neither udp nor tcp"),
                arguments(Map.of("query-name", "x.test", "dnssec", "maybe"), "dnssec", "'maybe' is not true or false"),
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
    void anyRecordTypeCanBeAskedForByNameOrNumber() throws Exception {
        server.add(Record.fromString(Name.fromString("example.test."), 65_280, DClass.IN, 60, "\\# 3 010203", Name.root));

        ProbeOutcome outcome = check(Map.of("query-name", "example.test.", "query-type", "TYPE65280"),
                Set.of(Placeholder.BODY));

        assertEquals(Optional.of("\\# 3 010203"), outcome.body(), "a type without a presentation form of its own");
        assertEquals(65_280, server.udpQueries().getFirst().getQuestion().getType());
        for (String type : List.of("https", "SVCB", "TLSA", "SSHFP", "NAPTR", "CDS", "RRSIG", "NSEC", "URI")) {
            FACTORY.create(ProbeSettings.of(Map.of("query-name", "example.test", "query-type", type))).close();
        }
    }

    @Test
    void serverForms() {
        assertEquals(new DnsServer("10.0.0.1", 53), DnsServer.parse("10.0.0.1"));
        assertEquals(new DnsServer("ns.example", 5353), DnsServer.parse("ns.example:5353"));
        assertEquals(new DnsServer("::1", 53), DnsServer.parse("::1"));
        assertEquals(new DnsServer("::1", 5353), DnsServer.parse("[::1]:5353"));
    }

    private static Record record(String name, String type, String data) {
        try {
            return Record.fromString(Name.fromString(name, Name.root), Type.value(type), DClass.IN, 60, data, Name.root);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " " + type + " " + data, e);
        }
    }

    private ProbeOutcome check(Map<String, String> settings, Set<Placeholder> needed) throws Exception {
        return check(settings, needed, Duration.ofSeconds(5));
    }

    private ProbeOutcome check(Map<String, String> settings, Set<Placeholder> needed, Duration timeout)
            throws Exception {
        return check(settings, ProbeContext.startingNow(MonitorId.of("dns"), timeout, needed));
    }

    private ProbeOutcome check(Map<String, String> settings, ProbeContext context) throws Exception {
        Map<String, String> withServer = new HashMap<>(settings);
        withServer.put("server", "127.0.0.1:" + server.port());
        try (Probe probe = FACTORY.create(ProbeSettings.of(withServer), ENVIRONMENT)) {
            return probe.probe(context);
        }
    }
}
