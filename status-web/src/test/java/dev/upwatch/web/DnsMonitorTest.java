package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A DNS monitor can be defined both ways — in the file and through the admin API — with Gatus's keys {@code query-name}
 * and {@code query-type}, keeping {@code name} for the display name; a real name server on loopback answers it.
 */
class DnsMonitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private DatagramSocket nameServer;
    private final AtomicInteger queries = new AtomicInteger();
    private UpwatchApplication app;

    @BeforeEach
    void startNameServer() throws IOException {
        nameServer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[512];
            while (!nameServer.isClosed()) {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                try {
                    nameServer.receive(query);
                    queries.incrementAndGet();
                    // The query itself turned into an answer: QR set, NOERROR, no records.
                    byte[] answer = java.util.Arrays.copyOf(buffer, query.getLength());
                    answer[2] = (byte) (answer[2] | 0x80);
                    answer[3] = 0;
                    nameServer.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        nameServer.close();
    }

    @Test
    void aDnsMonitorIsDefinedInTheFileAndThroughTheAdminApi() throws Exception {
        String server = "127.0.0.1:" + nameServer.getLocalPort();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.1/32] } }  # the name server listens on loopback
                storage: { data-dir: "%s" }
                monitors:
                  - { id: resolver, name: "Office resolver", type: dns, query-name: example.test, query-type: MX,
                      server: "%s", interval: 1s, timeout: 800ms }
                """.formatted(data.toString().replace("\\", "/"), server);
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .parse(yaml, "upwatch.yml", data), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        UpwatchServerTest.await("the file's dns monitor up", Duration.ofSeconds(15), () -> status("resolver").equals("up"));
        assertEquals("Office resolver", service("resolver").get("name").asText());

        String token = app.tokens().create("dns-test", TokenScope.ADMIN).secret().value();
        HttpResponse<String> created = ServerRequests.withToken(app.baseUri(), token, "POST", "api/v1/admin/monitors", """
                {"id": "records", "name": "Mail records", "type": "dns", "query-name": "example.test",
                 "query-type": "AAAA", "server": "%s", "interval": "1s", "timeout": "800ms"}""".formatted(server));
        assertEquals(201, created.statusCode(), created.body());
        UpwatchServerTest.await("the API's dns monitor up", Duration.ofSeconds(15), () -> status("records").equals("up"));
        assertEquals("Mail records", service("records").get("name").asText());

        HttpResponse<String> old = ServerRequests.withToken(app.baseUri(), token, "POST", "api/v1/admin/monitors", """
                {"id": "old", "type": "dns", "record-type": "A", "server": "%s"}""".formatted(server));
        assertEquals(400, old.statusCode(), old.body());
        assertEquals(true, old.body().contains("query-name"), old.body());
    }

    private JsonNode service(String id) throws Exception {
        HttpResponse<String> response = ServerRequests.get(app.baseUri(), "api/v1/services/" + id);
        return response.statusCode() == 200 ? JSON.readTree(response.body()).get("service") : JSON.nullNode();
    }

    private String status(String id) throws Exception {
        JsonNode service = service(id);
        return service.isNull() ? "absent" : service.get("status").asText();
    }
}
