package dev.upwatch.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check-config} says which monitors the egress policy will refuse, and why, as warnings (exit code 0), and finds
 * that out without connecting anywhere: loopback listeners, one refused and one allowed, see no connection.
 */
class CheckConfigEgressTest {
    private static final byte[] SENTINEL = "sentinel".getBytes(StandardCharsets.US_ASCII);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void refusedMonitorsAreWarningsNamingTheRuleAndNothingIsSent(@TempDir Path dir) throws Exception {
        try (ServerSocket refused = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket allowed = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
            Path file = dir.resolve("upwatch.yml");
            Files.writeString(file, """
                    security: { egress: { allow: [127.0.0.2/32] } }
                    monitors:
                      - { id: web, type: http, url: "http://127.0.0.1:%d/health" }
                      - { id: meta, type: tcp, host: 169.254.169.254, port: 80 }
                      - { id: resolver, type: dns, query-name: example.com, server: "[::1]:53" }
                      - { id: fine, type: http, url: "http://127.0.0.2:%d/health" }
                    """.formatted(refused.getLocalPort(), allowed.getLocalPort()));

            assertEquals(0, Main.run(new String[] {"check-config", file.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));

            String warnings = out.toString(StandardCharsets.UTF_8);
            assertTrue(warnings.contains("warning: monitor web: blocked by egress policy: 127.0.0.1 is a loopback address"),
                    warnings);
            assertTrue(warnings.contains("warning: monitor meta: blocked by egress policy: 169.254.169.254 is a cloud "
                    + "metadata address"), warnings);
            assertTrue(warnings.contains("warning: monitor resolver: blocked by egress policy: ::1 is a loopback address"), warnings);
            assertFalse(warnings.contains("monitor fine"), warnings);
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(
                    "4 monitors, 0 notification channels, OK (3 refused by the egress policy, see the warnings)"), out.toString());
            assertFirstConnectionIsTheSentinel(refused);
            assertFirstConnectionIsTheSentinel(allowed);
        }
    }

    /**
     * Connects once and checks that this is the first connection the listener accepts: had {@code check-config}
     * connected, its connection would have been queued first.
     */
    private static void assertFirstConnectionIsTheSentinel(ServerSocket listener) throws IOException {
        try (Socket sentinel = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
            sentinel.getOutputStream().write(SENTINEL);
            listener.setSoTimeout(10_000);
            try (Socket first = listener.accept()) {
                first.setSoTimeout(10_000);
                assertEquals(new String(SENTINEL, StandardCharsets.US_ASCII),
                        new String(first.getInputStream().readNBytes(SENTINEL.length), StandardCharsets.US_ASCII),
                        "a connection reached " + listener.getInetAddress() + " before the sentinel");
            }
        }
    }
}
