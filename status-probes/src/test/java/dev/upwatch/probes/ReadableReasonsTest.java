package dev.upwatch.probes;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.CheckRunner;
import dev.upwatch.probes.http.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reason is a short sentence a visitor of the status page can read: for a server that answers garbage, on every probe
 * type, it names what went wrong without dumping library objects (which carried our own socket addresses), and an
 * expired certificate is reported with its date, against real servers on loopback.
 */
class ReadableReasonsTest {
    /** Bytes no protocol expects, with text that looks like an object dump and an address for good measure. */
    private static final byte[] GARBAGE = concat(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 27},
            "garbage Channel@1f2e3d4c{l=/127.0.0.1:1234} \u0007\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    private static final Pattern OBJECT_DUMP = Pattern.compile("[A-Za-z]@[0-9a-f]{4,}");
    private static final ProbeRegistry PROBES = ProbeRegistry.load(ReadableReasonsTest.class.getClassLoader());

    private static ServerSocket garbageTcp;
    private static DatagramSocket garbageUdp;
    private static ServerSocket expiredTls;
    private static SelfSignedCertificate expired;
    private static ProbeEnvironment environment;
    private static ExecutorService executor;

    @BeforeAll
    static void start(@TempDir Path keys) throws Exception {
        environment = ProbeEnvironment.builder().build(); // the built-in policy: loopback allowed
        executor = Executors.newVirtualThreadPerTaskExecutor();
        garbageTcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LoopbackServer.serve(garbageTcp, socket -> {
            try {
                socket.setSoTimeout(500);
                readSome(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(GARBAGE);
                out.flush();
                readSome(socket.getInputStream()); // let the client hang up first
            } catch (IOException e) {
                // the probe hung up
            }
        });
        garbageUdp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[512];
            while (!garbageUdp.isClosed()) {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                try {
                    garbageUdp.receive(query);
                    // The query's id, so that the probe takes the rest as the answer to its question.
                    byte[] answer = concat(java.util.Arrays.copyOf(buffer, 2), GARBAGE);
                    garbageUdp.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        // Valid for 10 days from 40 days ago: expired 30 days ago.
        expired = SelfSignedCertificate.generate(keys, 10, 40);
        expiredTls = expired.serverContext().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ((SSLServerSocket) expiredTls).setNeedClientAuth(false);
        LoopbackServer.serve(expiredTls, socket -> {
            try {
                SSLSocket tls = (SSLSocket) socket;
                tls.startHandshake();
                readSome(tls.getInputStream());
                tls.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the probe refused the certificate
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        garbageTcp.close();
        garbageUdp.close();
        expiredTls.close();
        environment.close();
        executor.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "https", "tcp", "tls", "dns"})
    void aGarbageReplyGivesAShortSentence(String type) {
        String port = Integer.toString(garbageTcp.getLocalPort());
        Map<String, String> settings = switch (type) {
            case "http" -> Map.of("url", "http://127.0.0.1:" + port + "/");
            case "https" -> Map.of("url", "https://127.0.0.1:" + port + "/", "insecure", "true");
            case "tcp" -> Map.of("host", "127.0.0.1", "port", port, "send", "PING", "expect", "+PONG");
            case "tls" -> Map.of("host", "127.0.0.1", "port", port, "insecure", "true");
            case "dns" -> Map.of("query-name", "example.com", "server", "127.0.0.1:" + garbageUdp.getLocalPort());
            default -> throw new AssertionError(type);
        };
        Sample sample = check(type.equals("https") ? "http" : type, settings);

        assertEquals(Outcome.FAILURE, sample.outcome(), sample.toString());
        String reason = sample.failureReason().orElseThrow();
        String expectedStart = switch (type) {
            case "http" -> "invalid response: ";
            case "https", "tls" -> "TLS handshake failed: ";
            case "tcp" -> "expected '+PONG' in the reply, got '";
            default -> "malformed DNS response: ";
        };
        assertTrue(reason.startsWith(expectedStart), reason);
        assertReadable(reason, port);
    }

    @Test
    void anExpiredCertificateIsReportedWithItsDateByTheTlsProbe() {
        Sample sample = check("tls", Map.of("host", "127.0.0.1", "port", Integer.toString(expiredTls.getLocalPort())));
        assertEquals(expiredOn(), sample.failureReason().orElseThrow());
    }

    @Test
    void anExpiredCertificateIsReportedWithItsDateByTheHttpProbe() {
        Sample sample = check("http", Map.of("url", "https://127.0.0.1:" + expiredTls.getLocalPort() + "/"));
        assertEquals(expiredOn(), sample.failureReason().orElseThrow());
    }

    @Test
    void anInsecureCheckOfAnExpiredCertificateStillReadsTheDate() {
        Sample sample = check("tls", Map.of("host", "127.0.0.1", "port", Integer.toString(expiredTls.getLocalPort()),
                "insecure", "true"));
        assertEquals(Outcome.SUCCESS, sample.outcome(), sample.toString());
        assertEquals(expired.notAfter(), sample.certificateExpiry().orElseThrow());
    }

    private static String expiredOn() {
        return "certificate expired on " + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(expired.notAfter());
    }

    /** One printable line of at most 200 characters, without dumps, class names or the addresses of the exchange. */
    private static void assertReadable(String reason, String serverPort) {
        assertTrue(reason.length() <= 200, reason);
        assertTrue(reason.chars().noneMatch(Character::isISOControl), reason);
        assertFalse(OBJECT_DUMP.matcher(reason).find(), reason);
        assertFalse(reason.contains("<->") || reason.contains("l:/") || reason.contains("r:/"), reason);
        assertFalse(reason.contains("org.eclipse") || reason.contains("java."), reason);
        assertFalse(reason.contains(":" + serverPort), reason);
    }

    private Sample check(String type, Map<String, String> settings) {
        Monitor monitor = Monitor.builder(MonitorId.of("garbage"), "Garbage", ProbeSpec.of(type, settings))
                .interval(Duration.ofMinutes(1)).timeout(Duration.ofSeconds(20)).build(); // answers come at once
        try (Probe probe = PROBES.create(monitor.probe(), environment)) {
            return new CheckRunner(Clock.systemUTC(), executor).run(monitor, probe);
        }
    }

    /** Reads what the client sent first (a request head, a line, a TLS hello), or waits up to the socket's timeout. */
    private static void readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            in.read(buffer);
        } catch (java.net.SocketTimeoutException e) {
            // the client sent nothing
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
