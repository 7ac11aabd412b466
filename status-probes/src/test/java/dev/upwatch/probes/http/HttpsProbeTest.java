package dev.upwatch.probes.http;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeContext;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static dev.upwatch.core.model.Placeholder.STATUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code http} probe against a real HTTPS server with a self-signed certificate. */
class HttpsProbeTest {
    private static final MonitorId MONITOR = MonitorId.of("https-test");
    private static final int CERTIFICATE_DAYS = 30;

    @TempDir
    static Path keys;
    private static SelfSignedCertificate certificate;
    private static LocalHttpServer server;
    private static HttpProbeFactory factory;
    private static ProbeEnvironment environment;

    @BeforeAll
    static void start() throws Exception {
        certificate = SelfSignedCertificate.generate(keys, CERTIFICATE_DAYS);
        server = LocalHttpServer.https(certificate.serverContext());
        factory = new HttpProbeFactory();
        environment = ProbeEnvironment.builder().build();
    }

    @AfterAll
    static void stop() {
        environment.close();
        server.close();
    }

    @Test
    void untrustedCertificateFailsTheHandshakeByDefault() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/json")));

        assertTrue(outcome.connected(), "TCP connected; TLS failed");
        assertEquals(OptionalInt.empty(), outcome.statusCode());
        String error = outcome.error().orElseThrow();
        assertTrue(error.startsWith("certificate not trusted: "), error);
    }

    @Test
    void insecureSkipsVerificationAndStillReportsTheCertificate() throws Exception {
        ProbeOutcome outcome = check(Map.of("url", server.url("/json"), "insecure", "true"));

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(OptionalInt.of(200), outcome.statusCode());
        assertEquals(List.of("dns", "connect", "tls", "firstByte", "transfer"), List.copyOf(outcome.phases().keySet()));
        assertTrue(outcome.phases().get("tls").compareTo(Duration.ZERO) > 0, outcome.phases()::toString);
        // The client's own time left out of the response time starts after the handshake, never inside it.
        assertTrue(outcome.phases().get("dns").plus(outcome.phases().get("connect")).plus(outcome.phases().get("tls"))
                .compareTo(outcome.phases().get("firstByte")) <= 0, outcome.phases()::toString);
        assertEquals(outcome.elapsed().orElseThrow(),
                outcome.phases().get("firstByte").plus(outcome.phases().get("transfer")));
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
    }

    @Test
    void trustIsChosenPerCheck() throws Exception {
        // Insecure and verifying monitors share one client: skipping verification for one must not leak to the next.
        for (int round = 0; round < 2; round++) {
            assertTrue(check(Map.of("url", server.url("/json"))).error().orElseThrow().startsWith("certificate not trusted"));
            assertEquals(OptionalInt.of(200), check(Map.of("url", server.url("/json"), "insecure", "true")).statusCode());
        }
    }

    @Test
    void everyCheckOfOneProbeHandshakesAgain() throws Exception {
        // The probe keeps its Jetty destination from check to check, but never a connection: each check has a tls phase.
        try (Probe probe = factory.create(ProbeSettings.of(Map.of("url", server.url("/json"), "insecure", "true")),
                environment)) {
            for (int check = 0; check < 3; check++) {
                ProbeOutcome outcome = probe.probe(ProbeContext.startingNow(MONITOR, Duration.ofSeconds(5), Set.of(STATUS)));

                assertEquals(List.of("dns", "connect", "tls", "firstByte", "transfer"),
                        List.copyOf(outcome.phases().keySet()));
                assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
            }
        }
    }

    private static ProbeOutcome check(Map<String, ?> settings) throws Exception {
        try (Probe probe = factory.create(ProbeSettings.of(settings), environment)) {
            return probe.probe(ProbeContext.startingNow(MONITOR, Duration.ofSeconds(5), Set.of(STATUS)));
        }
    }
}
