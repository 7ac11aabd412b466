package dev.upwatch.probes.tcp;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeOutcome;
import dev.upwatch.core.probe.ProbeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.upwatch.core.condition.Placeholder.CONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The {@code tcp} probe against real sockets on the loopback interface. */
class TcpProbeTest {
    private static final TcpProbeFactory FACTORY = new TcpProbeFactory();

    @Test
    void openPortConnects() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            ProbeOutcome outcome = check(listener.getLocalPort());

            assertTrue(outcome.connected());
            assertEquals(Optional.empty(), outcome.error());
            assertEquals(Optional.of("127.0.0.1"), outcome.ip());
            assertEquals(List.of("dns", "connect"), List.copyOf(outcome.phases().keySet()));
            assertTrue(outcome.elapsed().orElseThrow().compareTo(outcome.phases().get("connect")) >= 0);
        }
    }

    @Test
    void closedPortDoesNotConnect() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }

        ProbeOutcome outcome = check(port);

        assertFalse(outcome.connected());
        assertEquals(Optional.of("connection refused"), outcome.error());
        assertEquals(Optional.empty(), outcome.ip());
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                arguments("no host", Map.of("port", "80"), "host"),
                arguments("host with a space", Map.of("host", "exa mple.com", "port", "80"), "host"),
                arguments("URL instead of host", Map.of("host", "http://example.com", "port", "80"), "host"),
                arguments("no port", Map.of("host", "example.com"), "port"),
                arguments("port 0", Map.of("host", "example.com", "port", "0"), "port"),
                arguments("port above 65535", Map.of("host", "example.com", "port", "65536"), "port"),
                arguments("port by name", Map.of("host", "example.com", "port", "http"), "port"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void rejectsNamingTheKey(String mistake, Map<String, ?> settings, String key) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));

        assertEquals(key, e.key(), e.getMessage());
    }

    @Test
    void typeAndDefaultConditions() {
        assertEquals("tcp", FACTORY.type());
        assertEquals(List.of("[CONNECTED] == true"), FACTORY.defaultConditions());
    }

    private static ProbeOutcome check(int port) throws Exception {
        try (Probe probe = FACTORY.create(ProbeSettings.of(Map.of("host", "127.0.0.1", "port", Integer.toString(port))))) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of("tcp-test"), Duration.ofSeconds(2), Set.of(CONNECTED)));
        }
    }
}
