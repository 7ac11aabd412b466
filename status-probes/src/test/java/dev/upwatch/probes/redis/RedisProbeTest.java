package dev.upwatch.probes.redis;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.ServerProcess;
import dev.upwatch.probes.http.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code redis} probe against real {@code redis-server} processes on 127.0.0.1 (Debian's {@code redis-server}):
 * one plain, with a password and an ACL user, one speaking only TLS.
 */
class RedisProbeTest {
    private static final RedisProbeFactory FACTORY = new RedisProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static ServerProcess plain;
    private static ServerProcess tls;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        String redis = ServerProcess.executable("/usr/bin/redis-server", "redis-server").toString();
        plain = ServerProcess.start(port -> List.of(redis, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--requirepass", "s3cret",
                "--user", "monitor", "on", ">watch", "~*", "+ping", "+echo", "+dbsize", "+get", "+select"),
                directory.resolve("plain.log"), Duration.ofSeconds(30));
        certificate = SelfSignedCertificate.generate(directory, 30);
        SelfSignedCertificate.PemFiles pem = certificate.writePem(directory);
        tls = ServerProcess.start(port -> List.of(redis, "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--tls-cert-file", pem.certificate().toString(), "--tls-key-file", pem.key().toString(),
                "--tls-auth-clients", "no"), directory.resolve("tls.log"), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
        ENVIRONMENT.close();
    }

    @Test
    void pingsWithThePasswordAndReportsEachPhase() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(plain, "password", "s3cret"));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(Optional.of("PONG"), outcome.result());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(List.of("dns", "connect", "auth", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void theDefaultPingPassesAndTheReplyIsAResult() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, settings(plain, "password", "s3cret"),
                "[CONNECTED] == true", "[RESULT] == PONG");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertEquals("[RESULT] (PONG) == PONG", sample.conditionResults().get(1).rendered());
    }

    @Test
    void anAclUserRunsAQuotedCommandInAnotherDatabase() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(plain, "username", "monitor",
                "password", "watch", "database", "3", "command", "ECHO \"hello world\""));

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("hello world"), outcome.result());
    }

    @Test
    void anIntegerReplyComparesAsANumber() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, settings(plain, "password", "s3cret",
                "database", "5", "command", "DBSIZE"), "[RESULT] < 1");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertEquals("[RESULT] (0) < 1", sample.conditionResults().get(0).rendered());
    }

    @Test
    void aNilReplyIsNoResult() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, settings(plain, "password", "s3cret",
                "command", "GET no-such-key"), "[RESULT] == x");

        assertEquals(Outcome.FAILURE, sample.outcome());
        assertEquals("[RESULT] (n/a) == x", sample.conditionResults().get(0).rendered());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # what              | password | command | error
            no password         |          | PING    | redis replied: NOAUTH Authentication required.
            wrong password      | nope     | PING    | redis replied: WRONGPASS invalid username-password pair or user is disabled.
            unknown command     | s3cret   | NOPE 1  | redis replied: ERR unknown command 'NOPE', with args beginning with: '1'
            """)
    void anErrorReplyFailsTheCheckWithTheServersWords(String what, String password, String command, String error)
            throws Exception {
        Map<String, String> settings = password == null ? settings(plain, "command", command)
                : settings(plain, "password", password, "command", command);

        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings);

        assertFalse(outcome.connected());
        assertEquals(Optional.of(error), outcome.error());
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = listener.getLocalPort();
        }

        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1", "port", port));

        assertFalse(outcome.connected());
        assertEquals(Optional.of("connection refused"), outcome.error());
    }

    @Test
    void overTlsTheCertificateIsRead() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(tls, "tls", "true",
                "insecure", "true"), Placeholder.CERTIFICATE_EXPIRATION);

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("PONG"), outcome.result());
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(List.of("dns", "connect", "tls", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void overTlsAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(tls, "tls", "true",
                "server-name", "localhost"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), outcome.error()::toString);
    }

    @Test
    void aPlainCheckOfATlsPortFailsWithoutHanging() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings(tls));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().isPresent());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            command     | unclosed quote at position 5
            command     | is empty; leave it out to send PING
            username    | needs a password
            server-name | applies only with TLS
            port        | 70000 is out of range [1, 65535]
            """)
    void badSettingsNameTheKey(String key, String problem) {
        Map<String, String> settings = switch (problem) {
            case "unclosed quote at position 5" -> Map.of("host", "cache", "command", "ECHO \"open");
            case "is empty; leave it out to send PING" -> Map.of("host", "cache", "command", "  ");
            case "needs a password" -> Map.of("host", "cache", "username", "u");
            case "applies only with TLS" -> Map.of("host", "cache", "server-name", "cache.example");
            default -> Map.of("host", "cache", "port", "70000");
        };

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));

        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(problem), e::getMessage);
    }

    private static Map<String, String> settings(ServerProcess server, String... more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("host", "127.0.0.1",
                "port", Integer.toString(server.port())));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }
}
