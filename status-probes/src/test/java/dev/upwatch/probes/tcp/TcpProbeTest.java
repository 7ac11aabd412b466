package dev.upwatch.probes.tcp;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.upwatch.core.model.Placeholder.BODY;
import static dev.upwatch.core.model.Placeholder.CONNECTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The {@code tcp} probe against real sockets on the loopback interface. */
class TcpProbeTest {
    private static final TcpProbeFactory FACTORY = new TcpProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();

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
                arguments("port by name", Map.of("host", "example.com", "port", "http"), "port"),
                arguments("send with a line break", Map.of("host", "example.com", "port", "80", "send", "A\nB"), "send"),
                arguments("empty expect", Map.of("host", "example.com", "port", "80", "expect", ""), "expect"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void rejectsNamingTheKey(String mistake, Map<String, ?> settings, String key) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));

        assertEquals(key, e.key(), e.getMessage());
    }

    /** A line server: greets with a banner unless sent something first; answers PING with +PONG, else echoes. */
    private static ServerSocket lineServer(boolean banner) throws IOException {
        ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    OutputStream out = socket.getOutputStream();
                    if (banner) {
                        out.write("220 mail.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    if (line != null) {
                        out.write((line.equals("PING") ? "+PONG\r\n" : line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    // closed, or the probe hung up
                }
            }
        });
        return listener;
    }

    static Stream<Arguments> conversations() {
        return Stream.of(
                arguments("banner read as [BODY]", true, Map.of(), Set.of(BODY), true, Optional.of("220 mail.example ESMTP ready"), Optional.empty()),
                arguments("banner expected", true, Map.of("expect", "220 "), Set.of(), true, Optional.empty(), Optional.empty()),
                arguments("banner not as expected", true, Map.of("expect", "+OK"), Set.of(BODY), false,
                        Optional.of("220 mail.example ESMTP ready"),
                        Optional.of("expected '+OK' in the reply, got '220 mail.example ESMTP ready'")),
                arguments("PING answered", false, Map.of("send", "PING", "expect", "+PONG"), Set.of(BODY), true,
                        Optional.of("+PONG"), Optional.empty()),
                arguments("sent without reading", false, Map.of("send", "PING"), Set.of(CONNECTED), true,
                        Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversations")
    void sendAndExpect(String name, boolean banner, Map<String, String> settings, Set<Placeholder> needed,
                       boolean connected, Optional<String> body, Optional<String> error) throws Exception {
        try (ServerSocket listener = lineServer(banner)) {
            Map<String, String> all = new HashMap<>(settings);
            all.put("host", "127.0.0.1");
            all.put("port", Integer.toString(listener.getLocalPort()));
            try (Probe probe = FACTORY.create(ProbeSettings.of(all), ENVIRONMENT)) {
                ProbeOutcome outcome = probe.probe(ProbeContext.startingNow(MonitorId.of("tcp-test"), Duration.ofSeconds(2), needed));

                assertEquals(connected, outcome.connected());
                assertEquals(body, outcome.body());
                assertEquals(error, outcome.error());
            }
        }
    }

    @Test
    void silentServerTimesOutWaitingForTheReply() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Probe probe = FACTORY.create(ProbeSettings.of(Map.of("host", "127.0.0.1",
                     "port", Integer.toString(listener.getLocalPort()), "expect", "220")), ENVIRONMENT)) {
            ProbeOutcome outcome = probe.probe(ProbeContext.startingNow(MonitorId.of("tcp-test"), Duration.ofMillis(300), Set.of()));

            assertFalse(outcome.connected());
            assertEquals(Optional.of("timed out after 300ms"), outcome.error());
            assertTrue(outcome.phases().containsKey("reply"), outcome.phases()::toString);
        }
    }

    @Test
    void typeAndDefaultConditions() {
        assertEquals("tcp", FACTORY.type());
        assertEquals(List.of("[CONNECTED] == true"), FACTORY.defaultConditions());
    }

    private static ProbeOutcome check(int port) throws Exception {
        try (Probe probe = FACTORY.create(ProbeSettings.of(Map.of("host", "127.0.0.1", "port", Integer.toString(port))),
                ENVIRONMENT)) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of("tcp-test"), Duration.ofSeconds(2), Set.of(CONNECTED)));
        }
    }
}
