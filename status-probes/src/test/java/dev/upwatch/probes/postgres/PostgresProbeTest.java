package dev.upwatch.probes.postgres;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.http.SelfSignedCertificate;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code postgres} probe against the suite's real PostgreSQL ({@code UPWATCH_TEST_JDBC_URL}, password
 * authentication, no TLS) and, for TLS, an embedded PostgreSQL started here with {@code ssl = on} and a self-signed
 * certificate.
 */
class PostgresProbeTest {
    private static final PostgresProbeFactory FACTORY = new PostgresProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static Map<String, String> suiteServer;
    private static EmbeddedPostgres tlsServer;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        String url = System.getenv("UPWATCH_TEST_JDBC_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("UPWATCH_TEST_JDBC_URL (with UPWATCH_TEST_DB_USER and "
                    + "UPWATCH_TEST_DB_PASSWORD) must name the test PostgreSQL; .ci/run sets them");
        }
        URI server = URI.create(url.substring("jdbc:".length()));
        suiteServer = new LinkedHashMap<>(Map.of("host", server.getHost(),
                "port", Integer.toString(server.getPort() == -1 ? 5432 : server.getPort()),
                "database", server.getPath().substring(1),
                "username", System.getenv("UPWATCH_TEST_DB_USER")));
        Optional.ofNullable(System.getenv("UPWATCH_TEST_DB_PASSWORD")).ifPresent(p -> suiteServer.put("password", p));

        certificate = SelfSignedCertificate.generate(directory, 30);
        SelfSignedCertificate.PemFiles pem = certificate.writePem(directory);
        Files.setPosixFilePermissions(pem.key(), PosixFilePermissions.fromString("rw-------"));
        tlsServer = EmbeddedPostgres.builder().setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", pem.certificate().toString())
                .setServerConfig("ssl_key_file", pem.key().toString()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tlsServer != null) {
            tlsServer.close();
        }
        ENVIRONMENT.close();
    }

    @Test
    void logsInRunsSelectOneAndReportsEachPhase() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite());

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(Optional.of("1"), outcome.result());
        assertEquals(List.of("dns", "connect", "auth", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void theFirstColumnOfTheFirstRowIsTheResult() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT,
                suite("query", "SELECT count(*) FROM pg_database WHERE datallowconn"),
                "[CONNECTED] == true", "[RESULT] > 0");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertTrue(sample.conditionResults().get(1).rendered().startsWith("[RESULT] ("), sample::toString);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT 'up' AS state                | up
            SELECT true                         | true
            SELECT 2.50::numeric                | 2.50
            SELECT '\\x0aff'::bytea              | 0aff
            """)
    void valuesPrintAsText(String query, String result) throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("query", query));

        assertEquals(Optional.of(result), outcome.result(), outcome.error()::toString);
    }

    @Test
    void aNullOrNoRowIsNoResult() throws Exception {
        assertEquals(Optional.empty(), ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("query", "SELECT NULL")).result());
        ProbeOutcome none = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("query", "SELECT 1 WHERE false"));
        assertTrue(none.connected());
        assertEquals(Optional.empty(), none.result());
    }

    @Test
    void aWrongPasswordFailsWithTheServersWords() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("password", "wrong"));

        assertFalse(outcome.connected());
        assertEquals(Optional.of("postgres replied: FATAL: password authentication failed for user \""
                + suiteServer.get("username") + "\""), outcome.error());
    }

    @Test
    void aFailingQueryFailsTheCheck() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("query", "SELECT * FROM no_such_table"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("postgres replied: ERROR: relation \"no_such_table\" does not exist"),
                outcome.error()::toString);
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = listener.getLocalPort();
        }

        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("port", Integer.toString(port)));

        assertFalse(outcome.connected());
        assertEquals(Optional.of("connection refused"), outcome.error());
    }

    @Test
    void tlsToAServerWithoutTlsFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, suite("tls", "true", "insecure", "true"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().contains("does not support SSL"), outcome.error()::toString);
    }

    @Test
    void overTlsTheCertificateIsReadAndTheHandshakeTimed() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, embedded("tls", "true", "insecure", "true"),
                Placeholder.CERTIFICATE_EXPIRATION);

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("1"), outcome.result());
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(List.of("dns", "connect", "tls", "auth", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void overTlsAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, embedded("tls", "true",
                "server-name", "localhost"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), outcome.error()::toString);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            username    | is required
            query       | is empty; leave it out to run SELECT 1
            insecure    | applies only with TLS
            database    | 'a/b' is not a database name
            """)
    void badSettingsNameTheKey(String key, String problem) {
        Map<String, String> settings = switch (key) {
            case "username" -> Map.of("host", "db");
            case "query" -> Map.of("host", "db", "username", "u", "query", " ");
            case "insecure" -> Map.of("host", "db", "username", "u", "insecure", "true");
            default -> Map.of("host", "db", "username", "u", "database", "a/b");
        };

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> FACTORY.create(ProbeSettings.of(settings)));

        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(problem), e::getMessage);
    }

    private static Map<String, String> suite(String... more) {
        return with(new LinkedHashMap<>(suiteServer), more);
    }

    private static Map<String, String> embedded(String... more) {
        return with(new LinkedHashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(tlsServer.getPort()),
                "username", "postgres", "database", "postgres")), more);
    }

    private static Map<String, String> with(Map<String, String> settings, String... more) {
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }
}
