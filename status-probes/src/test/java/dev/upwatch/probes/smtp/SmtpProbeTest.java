package dev.upwatch.probes.smtp;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.probes.LoopbackServer;
import dev.upwatch.probes.MailServerFiles;
import dev.upwatch.probes.ProbeChecks;
import dev.upwatch.probes.ServerProcess;
import dev.upwatch.probes.http.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code smtp} probe against real servers on 127.0.0.1: GreenMail's SMTP and SMTPS (plain and implicit TLS; it has
 * no STARTTLS), and an Exim daemon (Debian's {@code exim4-daemon-light}) started here with STARTTLS and a self-signed
 * certificate.
 */
class SmtpProbeTest {
    private static final SmtpProbeFactory FACTORY = new SmtpProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static GreenMail greenMail;
    private static ServerProcess exim;
    private static SelfSignedCertificate certificate;
    private static ServerSocket refusing;
    private static Path eximLog;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        greenMail = new GreenMail(new ServerSetup[] {
                MailServerFiles.greenMail(ServerSetup.PROTOCOL_SMTP),
                MailServerFiles.greenMail(ServerSetup.PROTOCOL_SMTPS)});
        greenMail.start();

        String eximProgram = ServerProcess.executable("/usr/sbin/exim4", "exim4-daemon-light").toString();
        certificate = SelfSignedCertificate.generateRsa(directory, 30);
        Path eximDirectory = Files.createDirectories(directory.resolve("exim"));
        SelfSignedCertificate.PemFiles pem = certificate.writePem(eximDirectory);
        Path spool = Files.createDirectories(eximDirectory.resolve("spool"));
        Path log = Files.createDirectories(eximDirectory.resolve("log"));
        eximLog = log.resolve("mainlog");
        // Exim drops from root to its own user: it must get through the test's directory to its files.
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        MailServerFiles.handOver("Debian-exim", eximDirectory, spool, log, pem.key());
        exim = ServerProcess.start(port -> List.of(eximProgram, "-bdf", "-C", MailServerFiles.write(
                eximDirectory.resolve("exim.conf"), """
                        keep_environment =
                        primary_hostname = mail.test
                        daemon_smtp_ports = %d
                        local_interfaces = 127.0.0.1
                        spool_directory = %s
                        log_file_path = %s/%%slog
                        tls_certificate = %s
                        tls_privatekey = %s
                        tls_advertise_hosts = *
                        acl_smtp_rcpt = deny
                        begin acl
                        begin routers
                        begin transports
                        """.formatted(port, spool, log, pem.certificate(), pem.key())).toString()),
                directory.resolve("exim.out"), Duration.ofSeconds(30));

        refusing = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        LoopbackServer.serve(refusing, socket -> {
            try {
                socket.getOutputStream().write("554 5.3.2 not accepting mail now\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the probe hung up
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (greenMail != null) {
            greenMail.stop();
        }
        if (exim != null) {
            exim.close();
        }
        if (refusing != null) {
            refusing.close();
        }
        ENVIRONMENT.close();
    }

    @Test
    void readsTheGreeting() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getSmtp().getPort()), Placeholder.BODY);

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertEquals(java.util.OptionalInt.of(220), outcome.statusCode());
        assertTrue(outcome.body().orElseThrow().startsWith("220 ") && outcome.body().get().contains("GreenMail"),
                outcome.body()::toString);
        assertEquals(List.of("dns", "connect", "banner"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void theBannerIsThereForConditions() {
        Sample sample = ProbeChecks.sample(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getSmtp().getPort()), "[STATUS] == 220", "[BODY] == pat(220*GreenMail*)");

        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.failureReason()::toString);
    }

    @Test
    void implicitTlsReadsTheCertificate() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getSmtps().getPort(), "tls", "implicit", "insecure", "true"));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertTrue(outcome.certificateExpiry().orElseThrow().isAfter(Instant.now()));
        assertEquals(List.of("dns", "connect", "tls", "banner"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void startTlsWithARealMtaReadsTheCertificate() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", exim.port(), "tls", "starttls", "insecure", "true"), Placeholder.BODY);

        assertEquals(Optional.empty(), outcome.error(), () -> output(exim));
        assertTrue(outcome.connected());
        assertTrue(outcome.body().orElseThrow().startsWith("220 mail.test ESMTP Exim"), outcome.body()::toString);
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(List.of("dns", "connect", "banner", "starttls", "tls"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void startTlsWithAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", exim.port(), "tls", "starttls", "server-name", "localhost"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), () -> outcome.error()
                + output(exim));
    }

    @Test
    void startTlsWithAServerThatDoesNotOfferItFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getSmtp().getPort(), "tls", "starttls"));

        assertFalse(outcome.connected());
        assertEquals(Optional.of("the server does not offer STARTTLS"), outcome.error());
    }

    @Test
    void aGreetingOtherThan220FailsWithIt() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", refusing.getLocalPort()));

        assertFalse(outcome.connected());
        assertEquals(java.util.OptionalInt.of(554), outcome.statusCode());
        assertEquals(Optional.of("the server greeted with 554 5.3.2 not accepting mail now"), outcome.error());
    }

    @Test
    void badSettingsNameTheKey() {
        InvalidSettingException tls = assertThrows(InvalidSettingException.class, () -> FACTORY.create(
                ProbeSettings.of(Map.of("host", "mail.example", "tls", "maybe"))));
        assertEquals("tls", tls.key());
        assertTrue(tls.getMessage().contains("'maybe' is not one of none, starttls, implicit"), tls::getMessage);

        InvalidSettingException insecure = assertThrows(InvalidSettingException.class, () -> FACTORY.create(
                ProbeSettings.of(Map.of("host", "mail.example", "insecure", "true"))));
        assertEquals("insecure", insecure.key());
    }

    @Test
    void port465MeansImplicitTlsUnlessSaidOtherwise() {
        assertThrows(InvalidSettingException.class, () -> FACTORY.create(ProbeSettings.of(Map.of("host", "mail.example",
                "port", "25", "server-name", "mail.example"))), "no TLS on 25 by default");
        FACTORY.create(ProbeSettings.of(Map.of("host", "mail.example", "port", "465", "server-name", "mail.example")));
    }

    private static String output(ServerProcess server) {
        try {
            return server.output() + (Files.exists(eximLog) ? Files.readString(eximLog) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }
}
