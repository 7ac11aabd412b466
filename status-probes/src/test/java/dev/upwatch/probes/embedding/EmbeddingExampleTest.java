package dev.upwatch.probes.embedding;

import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.condition.ConditionParser;
import dev.upwatch.core.Upwatch;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.service.UpwatchEngine;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the example of docs/embedding.md against a real local service, and keeps the document in step with it. */
class EmbeddingExampleTest {

    // --- example start ---
    static List<StatusChange> watch(String healthUrl, Duration howLong) throws InterruptedException {
        List<StatusChange> changes = new CopyOnWriteArrayList<>();
        try (UpwatchEngine upwatch = Upwatch.builder()
                .monitor(Monitor.builder(MonitorId.of("api"), "Orders API", ProbeSpec.of("http", Map.of("url", healthUrl)))
                        .interval(Duration.ofSeconds(1))
                        .timeout(Duration.ofMillis(800))
                        .condition(ConditionParser.parse("[STATUS] == 200"))
                        .condition(ConditionParser.parse("[BODY].status == UP"))
                        .failureThreshold(2)
                        .build())
                .onStatusChange(change -> {
                    changes.add(change);
                    System.out.println(change.monitor().name() + " is " + change.current() + ": " + change.reason());
                })
                .start()) {
            Thread.sleep(howLong.toMillis());
            ServiceStatus api = upwatch.statusQuery().service(MonitorId.of("api")).orElseThrow();
            System.out.println("now " + api.status() + ", last response " + api.lastSample().orElseThrow().responseTime());
        }
        return changes;
    }
    // --- example end ---

    @Test
    void theDocumentedExampleWatchesARealServiceGoDownAndComeBack() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = (status.get() == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Thread flipper = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(2_500);
                    status.set(503);
                    Thread.sleep(3_500);
                    status.set(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<StatusChange> changes = watch("http://127.0.0.1:" + server.getAddress().getPort() + "/health",
                    Duration.ofSeconds(9));
            flipper.join();
            assertEquals(List.of(Status.UP, Status.DOWN, Status.UP), changes.stream().map(StatusChange::current).toList(),
                    changes.toString());
            assertEquals("[STATUS] (503) == 200; [BODY].status (DOWN) == UP", changes.get(1).reason());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theDocumentShowsExactlyThisExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/upwatch/probes/embedding/EmbeddingExampleTest.java"));
        String example = source.substring(source.indexOf("// --- example start ---\n") + 25, source.indexOf("    // --- example end ---"));
        String doc = Files.readString(Path.of("../docs/embedding.md"));
        String unindented = example.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(java.util.stream.Collectors.joining("\n")).strip();
        assertTrue(doc.contains(unindented), "docs/embedding.md shows the example of this test verbatim");
    }
}
