package dev.upwatch.probes.grpc;

import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.http.SelfSignedCertificate;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code grpc} probe against real gRPC servers (grpc-java on Netty) on 127.0.0.1 with the standard health service
 * ({@code HealthStatusManager}): one plaintext, one with TLS, and one without any service.
 */
class GrpcProbeTest {
    private static final GrpcProbeFactory FACTORY = new GrpcProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static final HealthStatusManager HEALTH = new HealthStatusManager();
    private static Server plain;
    private static Server secure;
    private static Server bare;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        HEALTH.setStatus("", ServingStatus.SERVING);
        HEALTH.setStatus("orders", ServingStatus.NOT_SERVING);
        HEALTH.setStatus("billing", ServingStatus.SERVING);
        plain = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(HEALTH.getHealthService()).build().start();
        certificate = SelfSignedCertificate.generate(directory, 30);
        SelfSignedCertificate.PemFiles pem = certificate.writePem(directory);
        secure = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .useTransportSecurity(pem.certificate().toFile(), pem.key().toFile())
                .addService(HEALTH.getHealthService()).build().start();
        bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Server server : new Server[] {plain, secure, bare}) {
            if (server != null) {
                server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        ENVIRONMENT.close();
    }

    @Test
    void aServingServerIsServing() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(plain));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(Optional.of("SERVING"), outcome.grpcStatus());
        assertEquals(OptionalInt.of(0), outcome.statusCode());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(List.of("dns", "connect", "rpc"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void aServiceNotServingFailsTheDefaultCondition() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, settings(plain, "service", "orders"));

        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("[GRPC_STATUS] (NOT_SERVING) == SERVING", sample.conditionResults().get(0).rendered());
    }

    @Test
    void aServiceTurningServingPassesOnTheNextCheck() {
        HEALTH.setStatus("billing", ServingStatus.NOT_SERVING);
        assertEquals(Outcome.FAILURE, ProbeChecks.sample(FACTORY, ENVIRONMENT, settings(plain, "service", "billing"))
                .outcome());
        HEALTH.setStatus("billing", ServingStatus.SERVING);
        assertEquals(Outcome.SUCCESS, ProbeChecks.sample(FACTORY, ENVIRONMENT, settings(plain, "service", "billing"))
                .outcome());
    }

    @Test
    void anUnknownServiceIsNotFound() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(plain, "service", "nope"));

        assertFalse(outcome.connected());
        assertEquals(OptionalInt.of(5), outcome.statusCode());
        assertTrue(outcome.error().orElseThrow().startsWith("grpc-status 5 (NOT_FOUND)"), outcome.error()::toString);
    }

    @Test
    void aServerWithoutTheHealthServiceIsUnimplemented() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(bare));

        assertFalse(outcome.connected());
        assertEquals(OptionalInt.of(12), outcome.statusCode());
        assertTrue(outcome.error().orElseThrow().startsWith("grpc-status 12 (UNIMPLEMENTED)"), outcome.error()::toString);
    }

    @Test
    void overTlsTheCertificateIsRead() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(secure, "tls", "true",
                "insecure", "true"));

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("SERVING"), outcome.grpcStatus());
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
    }

    @Test
    void overTlsAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(secure, "tls", "true",
                "server-name", "localhost"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), outcome.error()::toString);
    }

    @Test
    void plaintextToATlsServerFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(secure));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().isPresent());
    }

    @Test
    void badSettingsNameTheKey() {
        InvalidSettingException metadata = assertThrows(InvalidSettingException.class, () -> FACTORY.create(
                ProbeSettings.of(Map.of("host", "api", "port", "50051", "metadata", Map.of("Authorization", "x")))));
        assertEquals("metadata", metadata.key());
        InvalidSettingException port = assertThrows(InvalidSettingException.class, () -> FACTORY.create(
                ProbeSettings.of(Map.of("host", "api"))));
        assertEquals("port", port.key());
    }

    private static Map<String, String> settings(Server server, String... more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("host", "127.0.0.1",
                "port", Integer.toString(server.getPort())));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }
}
