package dev.upwatch.probes.imap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.model.ProbeOutcome;
import dev.upwatch.probes.MailServerFiles;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code imap} probe against real servers on 127.0.0.1: GreenMail's IMAP and IMAPS (plain and implicit TLS; it has
 * no STARTTLS), and a Dovecot (Debian's {@code dovecot-imapd}) started here with STARTTLS and a self-signed certificate.
 */
class ImapProbeTest {
    private static final ImapProbeFactory FACTORY = new ImapProbeFactory();
    private static final ProbeEnvironment ENVIRONMENT = ProbeEnvironment.builder().build();
    private static GreenMail greenMail;
    private static ServerProcess dovecot;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start(@TempDir Path directory) throws Exception {
        greenMail = new GreenMail(new ServerSetup[] {
                MailServerFiles.greenMail(ServerSetup.PROTOCOL_IMAP),
                MailServerFiles.greenMail(ServerSetup.PROTOCOL_IMAPS),
                MailServerFiles.greenMail(ServerSetup.PROTOCOL_SMTP)});
        greenMail.start();

        String program = ServerProcess.executable("/usr/sbin/dovecot", "dovecot-imapd").toString();
        certificate = SelfSignedCertificate.generate(directory, 30);
        Path home = Files.createDirectories(directory.resolve("dovecot"));
        SelfSignedCertificate.PemFiles pem = certificate.writePem(home);
        Files.setPosixFilePermissions(pem.key(), PosixFilePermissions.fromString("rw-------"));
        dovecot = ServerProcess.start(port -> List.of(program, "-F", "-c", MailServerFiles.write(
                home.resolve("dovecot.conf"), """
                        base_dir = %1$s/run
                        state_dir = %1$s/state
                        log_path = %1$s/dovecot.log
                        protocols = imap
                        listen = 127.0.0.1
                        ssl = yes
                        ssl_cert = <%2$s
                        ssl_key = <%3$s
                        auth_mechanisms = plain
                        passdb {
                          driver = static
                          args = password=unused
                        }
                        userdb {
                          driver = static
                          args = uid=nobody gid=nogroup home=%1$s/home
                        }
                        service imap-login {
                          chroot =
                          inet_listener imap {
                            address = 127.0.0.1
                            port = %4$d
                          }
                          inet_listener imaps {
                            port = 0
                          }
                        }
                        service anvil {
                          chroot =
                        }
                        """.formatted(home, pem.certificate(), pem.key(), port)).toString()),
                directory.resolve("dovecot.out"), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (greenMail != null) {
            greenMail.stop();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        ENVIRONMENT.close();
    }

    @Test
    void readsTheGreeting() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getImap().getPort()), Placeholder.BODY);

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.connected());
        assertTrue(outcome.body().orElseThrow().startsWith("* OK"), outcome.body()::toString);
        assertEquals(List.of("dns", "connect", "banner"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void implicitTlsReadsTheCertificate() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getImaps().getPort(), "tls", "implicit", "insecure", "true"));

        assertEquals(Optional.empty(), outcome.error());
        assertTrue(outcome.certificateExpiry().orElseThrow().isAfter(Instant.now()));
        assertEquals(List.of("dns", "connect", "tls", "banner"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void startTlsWithDovecotReadsTheCertificate() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", dovecot.port(), "tls", "starttls", "insecure", "true"), Placeholder.BODY);

        assertEquals(Optional.empty(), outcome.error(), () -> output(dovecot));
        assertTrue(outcome.connected());
        assertTrue(outcome.body().orElseThrow().contains("Dovecot"), outcome.body()::toString);
        assertEquals(Optional.of(certificate.notAfter()), outcome.certificateExpiry());
        assertEquals(List.of("dns", "connect", "banner", "starttls", "tls"), List.copyOf(outcome.phases().keySet()));
    }

    @Test
    void startTlsWithAnUntrustedCertificateFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", dovecot.port(), "tls", "starttls", "server-name", "localhost"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("certificate not trusted: "), outcome.error()::toString);
    }

    @Test
    void startTlsWithAServerThatDoesNotSupportItFails() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getImap().getPort(), "tls", "starttls"));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("STARTTLS refused: 'a1 "), outcome.error()::toString);
    }

    @Test
    void anSmtpServerIsNotAnImapServer() throws Exception {
        ProbeOutcome outcome = ProbeChecks.outcome(FACTORY, ENVIRONMENT, Map.of("host", "127.0.0.1",
                "port", greenMail.getSmtp().getPort()));

        assertFalse(outcome.connected());
        assertTrue(outcome.error().orElseThrow().startsWith("the server greeted with '220 "), outcome.error()::toString);
    }

    private static String output(ServerProcess server) {
        try {
            return server.output();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
