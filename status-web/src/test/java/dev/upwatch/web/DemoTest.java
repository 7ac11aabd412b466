package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.demo.DemoShopResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The built-in demo opens on a living page without internet: its pretend shop, served by Upwatch itself, is up (issue
 * #17: it opened on "Major outage"), and the shop's payments have their short outage at the announced minute. The
 * public sites of the demo are left out here: tests only talk to loopback.
 */
class DemoTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private UpwatchApplication app;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private UpwatchConfig demo(int port) throws Exception {
        String yaml = Files.readString(Path.of("../docs/examples/demo.yml"));
        String offline = yaml.substring(0, yaml.indexOf("  - id: example-com")) + "\nstorage: { data-dir: \""
                + data.toString().replace("\\", "/") + "\" }\n";
        return new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of("UPWATCH_PORT", Integer.toString(port)))
                .parse(offline.replace("server:\n  port:", "server:\n  host: 127.0.0.1\n  port:"), Main.DEMO_SOURCE, data);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private JsonNode status() throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void theDemoShopIsUpWithoutInternet() throws Exception {
        app = UpwatchApplication.start(demo(freePort()), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        UpwatchServerTest.await("every demo service checked", Duration.ofSeconds(20), () -> {
            for (JsonNode service : status().get("services")) {
                if (service.get("status").asText().equals("unknown")) {
                    return false;
                }
            }
            return true;
        });
        JsonNode status = status();
        assertNotEquals("major-outage", status.get("headline").asText(), status.toString());
        assertEquals("up", service(status, "shop"), status.toString());
    }

    private static String service(JsonNode status, String id) {
        for (JsonNode service : status.get("services")) {
            if (service.get("id").asText().equals(id)) {
                return service.get("status").asText();
            }
        }
        throw new AssertionError("no " + id + " in " + status);
    }

    @Test
    void thePaymentsFailForFiftySecondsEveryTwentyMinutes() throws Exception {
        Instant blip = Instant.parse("2026-12-07T10:07:10Z"); // minute 7 of 20
        assertEquals(503, new DemoShopResource(Clock.fixed(blip, ZoneOffset.UTC)).payments().getStatus());
        assertEquals(200, new DemoShopResource(Clock.fixed(blip.plusSeconds(45), ZoneOffset.UTC)).payments().getStatus(),
                "the outage lasts 50 s");
        assertEquals(200, new DemoShopResource(Clock.fixed(blip.plusSeconds(600), ZoneOffset.UTC)).payments().getStatus());
        assertEquals(503, new DemoShopResource(Clock.fixed(blip.plusSeconds(1_200), ZoneOffset.UTC)).payments().getStatus(),
                "again 20 minutes later");
    }
}
