package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One location's egress policy refuses the target, with real child JVMs on the suite's PostgreSQL: node fra-1 may
 * reach the target (on 127.0.0.2), node nyc-1's {@code security.egress} allows only 127.0.0.1 (where the receivers
 * listen), so every check from nyc is refused. At quorum 2 nyc's refusal is nyc failing: the page and API show "failing
 * from nyc" with the reason "blocked by the egress policy of nyc", and there is no DOWN, no incident and no message
 * (proven once both locations reported after nyc's verdict, not by waiting). When the target fails for fra too, the
 * monitor is DOWN once: one incident, one notification per channel. The samples keep the location that took them:
 * the service page draws a line per location (valid HTML by the Nu Html Checker) and the API filters by location.
 */
class ClusterEgressVerdictTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> CHANNELS = List.of("ops", "oncall");

    @TempDir
    Path dir;
    private ClusterNodes nodes;
    private volatile boolean targetFails;
    /** Webhook deliveries: "channel type webhook-id". */
    private final Queue<String> deliveries = new ConcurrentLinkedQueue<>();
    private HttpServer target;
    private HttpServer receiver;

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aLocationWhoseEgressPolicyRefusesTheTargetIsFailingFromThereAndBothFailingIsOneDown() throws Exception {
        nodes = new ClusterNodes(dir, WAIT);
        target = nodes.serve(InetAddress.getByAddress(new byte[]{127, 0, 0, 2}), "/", exchange -> {
            exchange.sendResponseHeaders(targetFails ? 503 : 204, -1);
            exchange.close();
        });
        Map<String, HttpHandler> hooks = new LinkedHashMap<>();
        for (String channel : CHANNELS) {
            hooks.put("/" + channel, exchange -> {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                deliveries.add(channel + " " + body.path("type").asText() + " "
                        + exchange.getRequestHeaders().getFirst("webhook-id"));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
        }
        receiver = nodes.serve(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), null, hooks);

        try (HttpClient client = HttpClient.newHttpClient()) {
            // fra first, so that the monitor is UP before nyc's first refused check (a location alone decides).
            ClusterNodes.Node fra = start("fra-1", "fra", "127.0.0.0/8");
            awaitTrue(() -> "up".equals(service(client, fra).path("status").asText()), "fra sees api up");
            ClusterNodes.Node nyc = start("nyc-1", "nyc", "127.0.0.1/32");
            List<ClusterNodes.Node> both = List.of(fra, nyc);
            long incidents = count("select count(*) from incident");
            long messages = count("select count(*) from notification_outbox");

            for (ClusterNodes.Node node : both) {
                awaitTrue(() -> Map.of("fra", "up", "nyc", "down").equals(locations(client, node)),
                        node.id() + " shows nyc down");
                JsonNode service = service(client, node);
                assertEquals("up", service.path("status").asText(), node.id() + ": " + service);
                assertEquals("[\"nyc\"]", service.path("failingFrom").toString(), node.id() + ": " + service);
            }
            for (ClusterNodes.Node node : both) {
                String page = get(client, node.base().resolve("services/api"));
                assertTrue(page.contains("failing from nyc"), page);
                assertTrue(page.contains("data-location=\"nyc\" data-status=\"down\""), page);
                assertTrue(page.contains("blocked by the egress policy of nyc"), page);
            }
            // The samples carry their location: the page draws a line per location, the API filters by it.
            JsonNode fromNyc = JSON.readTree(get(client, nyc.base().resolve("api/v1/services/api/samples?location=nyc")))
                    .path("samples");
            assertTrue(fromNyc.size() > 0, fromNyc.toString());
            for (JsonNode sample : fromNyc) {
                assertEquals("nyc", sample.path("location").asText(), sample.toString());
                assertEquals("failure", sample.path("outcome").asText(), sample.toString());
                assertTrue(sample.path("error").asText().startsWith("blocked by the egress policy of nyc: "),
                        sample.toString());
            }
            JsonNode fromFra = JSON.readTree(get(client, nyc.base().resolve("api/v1/services/api/samples?location=fra")))
                    .path("samples");
            assertTrue(fromFra.size() > 0, fromFra.toString());
            fromFra.forEach(sample -> assertEquals("fra", sample.path("location").asText(), sample.toString()));
            HttpResponse<String> badLocation = client.send(HttpRequest.newBuilder(fra.base()
                    .resolve("api/v1/services/api/samples?location=NYC")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, badLocation.statusCode(), badLocation.body());
            assertTrue(badLocation.body().contains("location"), badLocation.body());
            String page = get(client, fra.base().resolve("services/api"));
            assertTrue(page.contains("<span class=\"legend-loc0\">fra</span> <span class=\"legend-loc1\">nyc</span>"),
                    page);
            assertTrue(page.contains("class=\"chart-loc0\""), page);
            Path saved = dir.resolve("service-page.html");
            Files.writeString(saved, page);
            assertEquals(List.of(), MarkupChecker.errors(List.of(saved)), "Nu Html Checker errors");
            // Nothing happened, proven from the store: both locations reported after nyc's DOWN verdict was committed,
            // so the quorum was decided with both verdicts, and it changed nothing.
            Instant nycDown = instant("select since from location_status where monitor = 'api' and location = 'nyc'");
            awaitTrue(() -> count("select count(*) from location_status where monitor = 'api' and checked_at > '"
                    + nycDown.plus(INTERVAL) + "'") == 2, "both locations report after nyc's DOWN");
            assertEquals("up", text("select status from monitor_status where monitor = 'api'"));
            assertTrue(text("select reason from location_status where monitor = 'api' and location = 'nyc'")
                    .startsWith("blocked by the egress policy of nyc: "), "nyc's reason");
            assertEquals(incidents, count("select count(*) from incident"), () -> nodes.logLines("status of", " WARN ", " ERROR "));
            assertEquals(messages, count("select count(*) from notification_outbox"), "no message");
            assertEquals(List.of(), deliveries.stream().filter(d -> !d.contains(" service.up ")).toList(),
                    "the receivers got nothing but the start-up's up");
            int before = deliveries.size();

            // The target fails for fra too: DOWN, decided once.
            targetFails = true;
            for (ClusterNodes.Node node : both) {
                awaitTrue(() -> "down".equals(service(client, node).path("status").asText()), node.id() + " shows DOWN");
            }
            awaitTrue(() -> deliveries.size() >= before + CHANNELS.size(), "service.down delivered to every channel");
            Instant decided = instant("select since from monitor_status where monitor = 'api'");
            awaitTrue(() -> count("select count(*) from location_status where monitor = 'api' and checked_at > '"
                    + decided.plus(INTERVAL) + "'") == 2, "both locations report after the DOWN");
            assertEquals(incidents + 1, count("select count(*) from incident"), "one incident");
            for (String channel : CHANNELS) {
                assertEquals(1, count("select count(*) from notification_outbox where event_type = 'service.down' "
                        + "and channel = '" + channel + "'"), "one service.down message for " + channel);
                assertEquals(1, deliveries.stream().filter(d -> d.startsWith(channel + " service.down ")).count(),
                        deliveries.toString());
            }
            assertEquals(before + CHANNELS.size(), deliveries.size(), deliveries.toString());
        }
    }

    /** Starts a node in its own JVM whose egress policy allows only {@code allowed}. */
    private ClusterNodes.Node start(String id, String location, String allowed) throws Exception {
        return nodes.start(id, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [%s] } }
                %s
                cluster: { node-id: %s, location: %s, lease: %ds }
                notifications:
                  - { id: ops, type: webhook, url: "http://127.0.0.1:%d/ops", events: [down, up] }
                  - { id: oncall, type: webhook, url: "http://127.0.0.1:%d/oncall", events: [down, up] }
                monitors:
                  - { id: api, type: http, url: "http://127.0.0.2:%d/api", interval: %ds, timeout: %ds,
                      locations: [fra, nyc], quorum: 2, failure-threshold: 2 }
                """.formatted(allowed, nodes.storage(), id, location, LEASE.toSeconds(),
                receiver.getAddress().getPort(), receiver.getAddress().getPort(), target.getAddress().getPort(),
                INTERVAL.toSeconds(), INTERVAL.toSeconds()));
    }

    /** The service {@code api} as {@code GET /api/v1/status} of {@code node} gives it. */
    private static JsonNode service(HttpClient client, ClusterNodes.Node node) throws Exception {
        for (JsonNode service : JSON.readTree(get(client, node.base().resolve("api/v1/status"))).path("services")) {
            if (service.path("id").asText().equals("api")) {
                return service;
            }
        }
        return JSON.nullNode();
    }

    private static Map<String, String> locations(HttpClient client, ClusterNodes.Node node) throws Exception {
        Map<String, String> byName = new TreeMap<>();
        service(client, node).path("locations").properties().forEach(e -> byName.put(e.getKey(), e.getValue().asText()));
        return byName;
    }

    private static String get(HttpClient client, URI uri) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        return response.body();
    }

    private void awaitTrue(ClusterNodes.Check condition, String what) throws Exception {
        nodes.await(condition, what, () -> "\n" + nodes.logLines("status of", " WARN ", " ERROR "));
    }

    private String text(String sql) {
        List<String> values = new ArrayList<>();
        nodes.query(sql, row -> values.add(row.getString(1)));
        return values.isEmpty() ? "" : values.getFirst();
    }

    private long count(String sql) {
        long[] count = new long[1];
        nodes.query(sql, row -> count[0] = row.getLong(1));
        return count[0];
    }

    private Instant instant(String sql) {
        List<Instant> values = new ArrayList<>();
        nodes.query(sql, row -> values.add(row.getTimestamp(1).toInstant()));
        return values.isEmpty() ? Instant.EPOCH : values.getFirst();
    }
}
