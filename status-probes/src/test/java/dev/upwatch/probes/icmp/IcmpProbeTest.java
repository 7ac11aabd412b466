package dev.upwatch.probes.icmp;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.NoVerdictException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.Prerequisite;
import dev.upwatch.probes.ProbeChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code icmp} probe pinging this machine's loopback addresses for real, in this JVM: with the socket it may open
 * (a ping socket where {@code net.ipv4.ping_group_range} includes our group, else a raw one, which needs root), and
 * each kind on its own. {@link IcmpWithoutRootTest} runs it as an unprivileged user.
 */
class IcmpProbeTest {
    private static final IcmpProbeFactory FACTORY = new IcmpProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();

    @AfterAll
    static void stop() {
        ENVIRONMENT.close();
    }

    @Test
    void pingsLoopbackWithoutLoss() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "count", "3", "packet-interval", "10ms"));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(Optional.of(BigDecimal.ZERO), outcome.packetLoss());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(List.of("dns", "rtt"), List.copyOf(outcome.phases().keySet()));
        assertEquals(outcome.phases().get("rtt"), outcome.elapsed().orElseThrow(), "the response time is the mean round trip");
    }

    @Test
    void pingsTheIpv6Loopback() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "[::1]", "count", "2",
                "packet-interval", "10ms"));

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of(BigDecimal.ZERO), outcome.packetLoss());
        assertEquals(Optional.of("0:0:0:0:0:0:0:1"), outcome.ip());
    }

    @Test
    void lossAndRoundTripAreForConditions() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1", "count", "2",
                "packet-interval", "10ms"), "[PACKET_LOSS] == 0%", "[RESPONSE_TIME] < 1s", "[CONNECTED] == true");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertEquals("[PACKET_LOSS] (0%) == 0%", sample.conditionResults().get(0).rendered());
    }

    @Test
    void aRawSocketFindsItsOwnRepliesAmongEveryEchoOnTheHost() throws Exception {
        Prerequisite.require(isRoot(),
                "a raw ICMP socket needs CAP_NET_RAW; IcmpWithoutRootTest covers the unprivileged side");

        ProbeOutcome outcome = ping(IcmpSocket.Kind.RAW, "127.0.0.1");

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of(BigDecimal.ZERO), outcome.packetLoss());
    }

    @Test
    void aPingSocketWorksWhereOurGroupMayOpenOneElseTheCheckSaysWhatToChange() throws Exception {
        if (pingSocketsAllowed()) {
            ProbeOutcome outcome = ping(IcmpSocket.Kind.PING, "127.0.0.1");
            assertEquals(Optional.of(BigDecimal.ZERO), outcome.packetLoss(), outcome.error()::toString);
        } else {
            NoVerdictException e = assertThrows(NoVerdictException.class, () -> ping(IcmpSocket.Kind.PING, "127.0.0.1"));
            assertTrue(e.getMessage().startsWith("ICMP not permitted for gid ")
                    && e.getMessage().contains(": net.ipv4.ping_group_range '"), e::getMessage);
        }
    }

    @Test
    void theChecksumIsRfc1071s() {
        // RFC 1071, 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d.
        byte[] words = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0x220d, IcmpSocket.checksum(words));
    }

    @Test
    void badSettingsNameTheKey() {
        InvalidSettingException count = assertThrows(InvalidSettingException.class, () -> FACTORY.create(
                ProbeSettings.of(Map.of("host", "router", "count", "0"))));
        assertEquals("count", count.key());
        InvalidSettingException interval = assertThrows(InvalidSettingException.class, () -> FACTORY.create(
                ProbeSettings.of(Map.of("host", "router", "packet-interval", "1ms"))));
        assertEquals("packet-interval", interval.key());
        assertEquals("1ms is out of range [10ms, 10s]", interval.problem());
    }

    private static ProbeOutcome ping(IcmpSocket.Kind kind, String host) throws Exception {
        IcmpProbe.Plan plan = new IcmpProbe.Plan(3, Duration.ofMillis(10), Duration.ofSeconds(1), 56);
        try (Probe probe = new IcmpProbe(ENVIRONMENT, IcmpThreads.of(ENVIRONMENT), host, plan, kind)) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of("icmp"), ProbeChecks.TIMEOUT, Set.of()));
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether this process's group lies inside {@code net.ipv4.ping_group_range}. */
    private static boolean pingSocketsAllowed() throws IOException {
        String[] range = IcmpSocket.readPingGroupRange().orElseThrow().split(" ");
        long group = Long.parseLong(Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Gid:")).findFirst().orElseThrow().split("\\s+")[2]);
        return Long.parseLong(range[0]) <= group && group <= Long.parseLong(range[1]);
    }
}
