package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollups are written to the store only every 5 minutes; a report, an export and a service's series asked for right
 * after a few checks, long before that write, count those checks (they read the stored rollups plus the pending
 * ones, through the one {@code RollupQuery} the server binds).
 */
class PendingRollupsReadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Path data;
    private FlippableTarget target;
    private UpwatchApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    void reportsAndExportsCountTheChecksNotWrittenYet() throws Exception {
        data = Files.createTempDirectory("upwatch-pending");
        target = new FlippableTarget();
        Path file = data.resolve("upwatch.yml");
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { data-dir: "%s" }
                monitors:
                  - { id: target, name: "Target API", type: http, url: "%s", interval: 1s, timeout: 800ms }
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl()),
                StandardCharsets.UTF_8);
        // The default engine: rollups are written 5 minutes after the start at the earliest, not during this test.
        app = UpwatchApplication.start(UpwatchApplication.modules(new ConfigLoader(
                ProbeRegistry.load(PendingRollupsReadTest.class.getClassLoader()), Map.of()).load(file),
                Clock.systemUTC(), EngineSettings.defaults()));
        UpwatchServerTest.await("three checks", Duration.ofSeconds(30), () ->
                JSON.readTree(get("api/v1/services/target").body()).get("recentSamples").size() >= 3);

        JsonNode report = JSON.readTree(get("api/v1/report").body());
        assertTrue(report.at("/services/0/checks").asLong() >= 3, report.toString());

        JsonNode export = JSON.readTree(ServerRequests.operator(app,
                "api/v1/exports/services/target/rollups?tier=minute&format=json").body());
        assertTrue(export.path("count").asLong() >= 1, export.toString());
        long exported = 0;
        for (JsonNode rollup : export.path("rollups")) {
            exported += rollup.path("checks").asLong();
        }
        assertTrue(exported >= 3, export.toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> answer = ServerRequests.get(app.baseUri(), path);
        assertEquals(200, answer.statusCode(), path + " → " + answer.body());
        return answer;
    }
}
