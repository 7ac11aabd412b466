package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration file's egress policy is safe by default: without a {@code security} section, monitors and
 * webhooks of loopback addresses are refused before any connection (a listener on loopback sees none), and allowing
 * the address opens exactly it.
 */
class EgressDefaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "egress-default-push-token-0123456789";

    @TempDir
    Path data;
    private UpwatchApplication app;
    private CountingListener listener;
    private WebhookReceiver receiver;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** A loopback listener that counts the connections it accepts and closes them. */
    private static final class CountingListener implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();

        CountingListener() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket ignored = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private void start(String security) throws Exception {
        listener = new CountingListener();
        receiver = new WebhookReceiver();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                storage: { data-dir: "%s" }
                %s
                monitors:
                  - { id: web, name: Web, type: http, url: "http://127.0.0.1:%d/health", interval: 1s, timeout: 800ms }
                  - { id: port, name: Port, type: tcp, host: 127.0.0.1, port: %d, interval: 1s, timeout: 800ms }
                  - { id: job, name: Job, type: push, token: "%s", interval: 1h, grace: 10m }
                notifications:
                  - { id: hook, type: webhook, url: "%s", secret: "whsec_c2VjcmV0LXNpZ25pbmcta2V5LTEyMzQ1Njc4", events: [down] }
                """.formatted(data.toString().replace("\\", "/"), security, listener.port(), listener.port(), TOKEN,
                receiver.url());
        app = UpwatchApplication.start(new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of())
                .parse(yaml, "test.yml", data), Clock.systemUTC(), UpwatchServerTest.fastEngine());
    }

    /** The delivery log, read as an operator (it names channels and internal addresses). */
    private JsonNode deliveries() throws Exception {
        return JSON.readTree(ServerRequests.operator(app, "api/v1/notifications/deliveries").body()).get("deliveries");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = ServerRequests.get(app.baseUri(), path);
        assertEquals(200, response.statusCode(), path + " → " + response.body());
        return JSON.readTree(response.body());
    }

    private String lastOutcome(String id) throws Exception {
        JsonNode samples = get("api/v1/services/" + id).get("recentSamples");
        return samples.isEmpty() ? "none" : samples.get(0).get("outcome").asText();
    }

    @Test
    void withoutASecuritySectionLoopbackMonitorsAndWebhooksAreRefusedUnconnected() throws Exception {
        start("");
        UpwatchServerTest.await("web blocked", Duration.ofSeconds(15), () -> lastOutcome("web").equals("blocked"));
        UpwatchServerTest.await("port blocked", Duration.ofSeconds(15), () -> lastOutcome("port").equals("blocked"));
        JsonNode web = get("api/v1/services/web").get("recentSamples").get(0);
        assertEquals("blocked by egress policy: 127.0.0.1 is a loopback address", web.get("error").asText(), web.toString());

        ServerRequests.get(app.baseUri(), "api/v1/push/" + TOKEN + "?status=down");
        UpwatchServerTest.await("the webhook refused", Duration.ofSeconds(15),
                () -> deliveries().toString().contains("blocked by egress policy"));
        JsonNode delivery = deliveries().get(0);
        assertEquals("dead", delivery.get("outcome").asText(), delivery.toString());

        assertEquals(0, listener.accepted.get(), "no probe connected to the loopback listener");
        assertEquals(0, receiver.deliveries().size(), "no webhook reached the loopback receiver");
    }

    @Test
    void aRefusedCheckIsTheReasonOnThePageAndApiFromTheFirstOneEvenForAServiceKnownToBeUp() throws Exception {
        start("security: { egress: { allow: [127.0.0.1/32] } }");
        UpwatchServerTest.await("port up", Duration.ofSeconds(15), () -> get("api/v1/services/port").get("service")
                .get("status").asText().equals("up"));
        app.close();
        app = null;
        listener.close();
        receiver.close();

        start(""); // the same data: the service is restored as up, and its checks are now refused
        UpwatchServerTest.await("port blocked", Duration.ofSeconds(15), () -> lastOutcome("port").equals("blocked"));
        String refusal = "blocked by egress policy: 127.0.0.1 is a loopback address";
        JsonNode service = get("api/v1/services/port").get("service");
        assertEquals("up", service.get("status").asText(), "a refused check changes no status");
        assertEquals(refusal, service.get("reason").asText(), service.toString());
        HttpResponse<String> page = ServerRequests.get(app.baseUri(), "");
        assertTrue(page.body().contains("<span class=\"reason\">" + refusal + "</span>"), "the page row shows the refusal");
        assertEquals(0, listener.accepted.get(), "nothing connected after the restart");
    }

    @Test
    void allowingLoopbackOpensIt() throws Exception {
        start("security: { egress: { allow: [127.0.0.1/32] } }");
        UpwatchServerTest.await("port connected", Duration.ofSeconds(15), () -> lastOutcome("port").equals("success"));
        assertTrue(listener.accepted.get() >= 1);
        ServerRequests.get(app.baseUri(), "api/v1/push/" + TOKEN + "?status=down");
        // The http monitor fails against the bare listener and goes down too, so one or two deliveries arrive.
        UpwatchServerTest.await("a webhook delivered", Duration.ofSeconds(15), () -> !receiver.deliveries().isEmpty());
    }
}
