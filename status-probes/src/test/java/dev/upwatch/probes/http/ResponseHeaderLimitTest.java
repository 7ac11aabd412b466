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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Response headers are bounded: a server that sends a huge header, very many headers, or one header line without end
 * fails the check with a reason naming the cap, and the probe stops reading at the cap (the server's count of bytes
 * it managed to write shows how little was read). Caps are set per monitor.
 */
class ResponseHeaderLimitTest {
    private static final int MIB = 1_048_576;
    private static ServerSocket server;
    private static ProbeEnvironment environment;
    /** Bytes of the last endless header the server wrote before the probe hung up. */
    private static final AtomicLong endlessWritten = new AtomicLong();

    @BeforeAll
    static void start() throws IOException {
        environment = ProbeEnvironment.builder().build();
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> answer(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        environment.close();
    }

    /** Answers by the request path: /big (16 MiB header), /many (200,000 headers), /endless, /sized/N/COUNT. */
    private static void answer(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String path = in.readLine().split(" ")[1];
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request's headers
            }
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            if (path.equals("/big")) {
                out.write("X-Big: ".getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 16 * MIB / chunk.length; i++) {
                    out.write(chunk);
                }
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else if (path.equals("/many")) {
                StringBuilder headers = new StringBuilder();
                for (int i = 0; i < 200_000; i++) {
                    headers.append("X-H-").append(i).append(": v\r\n");
                }
                out.write(headers.toString().getBytes(StandardCharsets.ISO_8859_1));
            } else if (path.equals("/endless")) {
                out.write("X-Endless: ".getBytes(StandardCharsets.ISO_8859_1));
                endlessWritten.set(0);
                for (long i = 0; i < 600L * MIB / chunk.length; i++) { // 600 MiB, as in the attack of issue #15
                    out.write(chunk);
                    endlessWritten.addAndGet(chunk.length);
                }
            } else if (path.startsWith("/sized/")) {
                String[] parts = path.split("/");
                int bytes = Integer.parseInt(parts[2]);
                int count = Integer.parseInt(parts[3]);
                for (int i = 0; i < count; i++) {
                    out.write(("X-" + i + ": " + "b".repeat(bytes) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            out.write("Content-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // the probe hung up at its cap
        }
    }

    @Test
    void aSixteenMebibyteHeaderFailsTheCheck() throws Exception {
        ProbeOutcome outcome = check("/big", Map.of());
        assertEquals(OptionalInt.empty(), outcome.statusCode());
        assertEquals("response headers too large: more than 65536 bytes (max-header-bytes)", outcome.error().orElseThrow());
    }

    @Test
    void twoHundredThousandHeadersFailTheCheck() throws Exception {
        ProbeOutcome outcome = check("/many", Map.of());
        assertEquals("too many response headers: more than 100 (max-header-count)", outcome.error().orElseThrow());
    }

    @Test
    void anEndlessHeaderIsReadOnlyUpToTheCap() throws Exception {
        ProbeOutcome outcome = check("/endless", Map.of());
        assertEquals("response headers too large: more than 65536 bytes (max-header-bytes)", outcome.error().orElseThrow());
        // The server's writes stop once the probe hangs up; socket buffers hold a few MiB at most.
        long written = endlessWritten.get();
        assertTrue(written < 16L * MIB, "the server wrote " + written + " bytes of one header before the probe hung up");
    }

    @Test
    void capsAreSetPerMonitor() throws Exception {
        assertTrue(check("/sized/1000/50", Map.of()).error().isEmpty(), "50 headers of 1 KB pass the defaults");
        assertEquals("response headers too large: more than 2048 bytes (max-header-bytes)",
                check("/sized/1000/3", Map.of("max-header-bytes", "2048")).error().orElseThrow());
        assertEquals("too many response headers: more than 5 (max-header-count)",
                check("/sized/10/6", Map.of("max-header-count", "5")).error().orElseThrow());
        ProbeOutcome roomy = check("/sized/100000/3", Map.of("max-header-bytes", "1048576"));
        assertFalse(roomy.error().isPresent(), roomy.error().toString());
        assertEquals(OptionalInt.of(200), roomy.statusCode());
    }

    private static ProbeOutcome check(String path, Map<String, String> extra) throws Exception {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("url", "http://127.0.0.1:" + server.getLocalPort() + path);
        try (Probe probe = new HttpProbeFactory().create(ProbeSettings.of(settings), environment)) {
            return probe.probe(ProbeContext.startingNow(MonitorId.of("headers"), Duration.ofSeconds(20), Set.of()));
        }
    }
}
