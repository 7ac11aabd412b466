package dev.upwatch.probes.mysql;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.ServerProcess;
import dev.upwatch.probes.http.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code mysql} probe against a real MariaDB server (Debian's {@code mariadbd}) that the test initialises in a
 * temporary directory and starts on a free port of 127.0.0.1, with TLS available (a self-signed certificate) but not
 * required. Initialising and starting it takes 2–4 s here.
 */
class MysqlProbeTest {
    private static final MysqlProbeFactory FACTORY = new MysqlProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static ServerProcess server;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        String mariadbd = ServerProcess.executable("/usr/sbin/mariadbd", "mariadb-server").toString();
        String installDb = ServerProcess.executable("/usr/bin/mariadb-install-db", "mariadb-server").toString();
        Path data = directory.resolve("data");
        String user = System.getProperty("user.name");
        run(List.of(installDb, "--no-defaults", "--datadir=" + data, "--user=" + user,
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"),
                directory.resolve("install.log"));
        certificate = SelfSignedCertificate.generate(directory, 30);
        SelfSignedCertificate.PemFiles pem = certificate.writePem(directory);
        server = ServerProcess.start(port -> List.of(mariadbd, "--no-defaults", "--datadir=" + data, "--user=" + user,
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + directory.resolve("mariadb.sock"),
                "--pid-file=" + directory.resolve("mariadb.pid"), "--skip-name-resolve", "--skip-log-bin",
                "--innodb-buffer-pool-size=16M", "--ssl-cert=" + pem.certificate(), "--ssl-key=" + pem.key()),
                directory.resolve("server.log"), Duration.ofSeconds(60));
        try (Connection root = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port() + "/", "root", "");
             Statement statement = root.createStatement()) {
            statement.execute("CREATE USER 'monitor'@'%' IDENTIFIED BY 'watch'");
            statement.execute("CREATE DATABASE shop");
            statement.execute("CREATE TABLE shop.orders (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO shop.orders VALUES (1), (2), (3)");
            statement.execute("GRANT SELECT ON shop.* TO 'monitor'@'%'");
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " failed:\n" + Files.readString(log));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        ENVIRONMENT.close();
    }

    @Test
    void logsInRunsSelectOneAndReportsEachPhase() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings());

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(Optional.of("1"), outcome.result());
        assertEquals(Optional.of("127.0.0.1"), outcome.ip());
        assertEquals(List.of("dns", "connect", "auth", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void aCountInADatabaseIsAResultConditionsCompareAsANumber() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, settings("database", "shop",
                "query", "SELECT COUNT(*) FROM orders"), "[CONNECTED] == true", "[RESULT] >= 3");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
        assertEquals("[RESULT] (3) >= 3", sample.conditionResults().get(1).rendered());
    }

    @Test
    void aWrongPasswordFailsWithTheServersWords() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings("password", "wrong"));

        assertFalse(outcome.connected());
        String error = outcome.error().orElseThrow();
        assertTrue(error.startsWith("mysql replied: ") && error.contains("Access denied for user 'monitor'"), error);
    }

    @Test
    void aQueryTheUserMayNotRunFailsTheCheck() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings("query", "SELECT * FROM mysql.user"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().contains("denied"), outcome.error()::toString);
    }

    @Test
    void overTlsTheCertificateIsReadAndTheHandshakeTimed() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings("tls", "true", "insecure", "true"),
                Placeholder.CERTIFICATE_EXPIRATION);

        assertEquals(Optional.empty(), outcome.error());
        assertEquals(Optional.of("1"), outcome.result());
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(List.of("dns", "connect", "tls", "auth", "query"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void overTlsAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, settings("tls", "true",
                "server-name", "localhost"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), outcome.error()::toString);
    }

    private static Map<String, String> settings(String... more) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("host", "127.0.0.1",
                "port", Integer.toString(server.port()), "username", "monitor", "password", "watch"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }
}
