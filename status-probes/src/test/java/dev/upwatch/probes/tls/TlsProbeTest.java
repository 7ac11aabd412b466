package dev.upwatch.probes.tls;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.LoopbackServer;
import dev.upwatch.probes.http.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The {@code tls} probe against real TLS and plain listeners on the loopback interface. */
class TlsProbeTest {
    private static final TlsProbeFactory FACTORY = new TlsProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static SelfSignedCertificate certificate;
    private static ServerSocket tlsListener;
    private static ServerSocket plainListener;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        certificate = SelfSignedCertificate.generate(directory, 30);
        tlsListener = certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ((SSLServerSocket) tlsListener).setNeedClientAuth(false);
        LoopbackServer.serve(tlsListener, socket -> {
            try {
                ((SSLSocket) socket).startHandshake();
            } catch (IOException e) {
                // the probe may reject the certificate; that is its business
            }
        });
        plainListener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LoopbackServer.serve(plainListener, socket -> {
            try {
                OutputStream out = socket.getOutputStream();
                out.write("220 plain text, not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the probe hung up
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        tlsListener.close();
        plainListener.close();
    }

    @Test
    void insecureHandshakeReadsTheCertificate() throws Exception {
        ProbeOutcome outcome = check(Map.of("host", "127.0.0.1", "port", port(tlsListener), "insecure", "true"));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(List.of("dns", "connect", "tls"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void untrustedCertificateFailsByDefault() throws Exception {
        ProbeOutcome outcome = check(Map.of("host", "localhost", "port", port(tlsListener)));

        assertFalse(outcome.connected());
        assertEquals(Optional.empty(), outcome.certificateExpiry());
        String error = outcome.error().orElseThrow();
        assertTrue(error.startsWith("certificate not trusted: ") && error.contains("certification path"), error);
        assertTrue(outcome.phases().containsKey("tls"), outcome.phases()::toString);
    }

    @Test
    void plainTextServerFailsTheHandshake() throws Exception {
        ProbeOutcome outcome = check(Map.of("host", "127.0.0.1", "port", port(plainListener), "insecure", "true"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("TLS handshake failed: "), outcome.error()::toString);
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }

        ProbeOutcome outcome = check(Map.of("host", "127.0.0.1", "port", Integer.toString(port)));

        assertFalse(outcome.connected());
        assertEquals(Optional.of("connection refused"), outcome.error());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                arguments(Map.of("port", "465"), "host", "is required"),
                arguments(Map.of("host", "mail.example"), "port", "is required"),
                arguments(Map.of("host", "mail.example", "port", "0"), "port", "0 is out of range [1, 65535]"),
                arguments(Map.of("host", "smtp://mail.example", "port", "465"), "host",
                        "'smtp://mail.example' is not a host name or address"),
                arguments(Map.of("host", "mail.example", "port", "465", "server-name", "a b"), "server-name",
                        "'a b' is not a host name or address"),
                arguments(Map.of("host", "mail.example", "port", "465", "insecure", "yes"), "insecure",
                        "'yes' is not true or false"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badSettings")
    void badSettingsNameTheKey(Map<String, String> settings, String key, String problem) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));
        assertEquals(key, e.key());
        assertEquals(problem, e.problem());
    }

    private static String port(ServerSocket listener) {
        return Integer.toString(listener.getLocalPort());
    }

    private static ProbeOutcome check(Map<String, String> settings) throws Exception {
        try (Probe probe = FACTORY.create(ProbeSettings.of(settings), ENVIRONMENT)) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of("tls"), Duration.ofSeconds(5), Set.of()));
        }
    }
}
