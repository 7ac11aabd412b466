package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.rule.FairShare;
import dev.upwatch.core.service.ShardLeases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work sharing within a location, with real child JVMs on the suite's PostgreSQL: two nodes split the monitors, a
 * third joins and gets its share, and one killed with {@code kill -9} ({@link Process#destroyForcibly}) has its
 * monitors checked by the others within 2 intervals plus the lease time. In between, each monitor is checked once per
 * interval (a target counts the requests per monitor). A monitor that fails is DOWN in every node's API (the others
 * adopt the deciding node's commit through LISTEN/NOTIFY), and its DOWN and UP are each delivered once across the
 * cluster, although the node that decided the DOWN is killed and another decides the UP. The nodes are launched by
 * {@link ClusterNodes}.
 */
class ClusterFailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenSecret READ = TokenSecret.generate();
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MONITORS = 24;

    @TempDir
    Path dir;
    private ClusterNodes cluster;
    /** Every request the target got: monitor id and arrival ({@link System#nanoTime()}). */
    private final Queue<Hit> hits = new ConcurrentLinkedQueue<>();
    private HttpServer target;
    private HttpServer receiver;
    /** Webhook deliveries: "type webhook-id monitor". */
    private final Queue<String> deliveries = new ConcurrentLinkedQueue<>();
    private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private record Hit(String monitor, long nanos) {
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodesShareTheMonitorsAndTakeOverAKilledNodesShare() throws Exception {
        cluster = new ClusterNodes(dir, WAIT);
        target = cluster.serve(InetAddress.getLoopbackAddress(), "/m/", exchange -> {
            String monitor = exchange.getRequestURI().getPath().substring(3);
            hits.add(new Hit(monitor, System.nanoTime()));
            exchange.sendResponseHeaders(failing.contains(monitor) ? 503 : 204, -1);
            exchange.close();
        });
        receiver = cluster.serve(InetAddress.getLoopbackAddress(), "/hook", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            deliveries.add(body.path("type").asText() + " " + exchange.getRequestHeaders().getFirst("webhook-id") + " "
                    + body.path("data").path("service").path("id").asText());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });

        ClusterNodes.Node a = start("a");
        ClusterNodes.Node b = start("b");
        awaitShares(Map.of("a", 64, "b", 64));
        assertOncePerInterval("two nodes");

        ClusterNodes.Node c = start("c");
        awaitShares(Map.of("a", 43, "b", 43, "c", 42));
        assertOncePerInterval("three nodes");
        JsonNode listing = cluster(c.base());
        assertEquals("c", listing.path("self").asText());
        assertEquals(Set.of("a:fra", "b:fra", "c:fra"), java.util.stream.StreamSupport.stream(
                listing.path("nodes").spliterator(), false).map(n -> n.path("id").asText() + ":"
                + n.path("location").asText()).collect(Collectors.toSet()), listing.toString());

        // m0 fails: the node that checks it decides DOWN; every node's API shows it within 1 s of the first.
        List<ClusterNodes.Node> nodes = List.of(a, b, c);
        int m0Shard = FairShare.shardOf(MonitorId.of("m0"), ShardLeases.SHARDS);
        String decider = nodes.stream().map(ClusterNodes.Node::id).filter(id -> shardsOf(id).contains(m0Shard)).findFirst().orElseThrow();
        failing.add("m0");
        // One poller per node, each on one client, so that a slow answer of one node delays no other's reading.
        Map<String, Long> downSeen = new java.util.concurrent.ConcurrentSkipListMap<>();
        Map<String, Long> askTook = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (HttpClient client = HttpClient.newHttpClient();
             java.util.concurrent.ExecutorService pollers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (ClusterNodes.Node node : nodes) {
                pollers.submit(() -> {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < deadline) {
                        long asked = System.nanoTime();
                        if ("down".equals(status(client, node.base(), "m0"))) {
                            // It turned down between the last answer "up" and this one: take the middle of this ask.
                            long answered = System.nanoTime();
                            downSeen.put(node.id(), answered);
                            askTook.put(node.id(), (answered - asked) / 1_000_000);
                            return null;
                        }
                        Thread.sleep(20);
                    }
                    return null;
                });
            }
        }
        assertEquals(3, downSeen.size(), "m0 is down on every node: " + downSeen);
        long spread = downSeen.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                - downSeen.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long first = downSeen.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        System.out.printf("ClusterFailoverTest: DOWN decided on %s shown by every node's API within %d ms (%s)%n",
                decider, spread / 1_000_000, downSeen.entrySet().stream()
                        .map(e -> e.getKey() + " +" + (e.getValue() - first) / 1_000_000 + " ms (asked in "
                                + askTook.get(e.getKey()) + " ms)").toList());
        // Printed, not asserted: the spread includes each node's answer time, seconds on a loaded machine (speed goals
        // are measured in the bench module, never timed in the suite). That every node shows it is the assertion.
        awaitTrue(() -> deliveries.stream().anyMatch(d -> d.startsWith("service.down ") && d.endsWith(" m0")), WAIT,
                "service.down delivered");

        // The node that decided it is killed; another takes m0 over, still failing: no second DOWN.
        ClusterNodes.Node victim = nodes.stream().filter(n -> n.id().equals(decider)).findFirst().orElseThrow();
        Set<Integer> victimShards = shardsOf(decider);
        List<String> ofVictim = IntStream.range(0, MONITORS).mapToObj(i -> "m" + i)
                .filter(id -> victimShards.contains(FairShare.shardOf(MonitorId.of(id), ShardLeases.SHARDS))).toList();
        long killed = System.nanoTime();
        victim.kill(); // kill -9: no goodbye, its leases lapse on their own
        Duration bound = INTERVAL.multipliedBy(2).plus(LEASE);
        awaitTrue(() -> ofVictim.stream().allMatch(id -> firstHitAfter(id, killed) > 0), bound.plusSeconds(20),
                decider + "'s monitors are checked again");
        long worst = ofVictim.stream().mapToLong(id -> firstHitAfter(id, killed) - killed).max().orElseThrow();
        System.out.printf("ClusterFailoverTest: %s's %d monitors checked again at most %d ms after the kill "
                + "(bound %d ms)%n", decider, ofVictim.size(), worst / 1_000_000, bound.toMillis());
        // The bound, plus the 1 s the checking node may take to answer (the target answers at once).
        assertTrue(worst <= bound.plusSeconds(1).toNanos(), "hand-over took " + worst / 1_000_000 + " ms");
        List<ClusterNodes.Node> survivors = nodes.stream().filter(n -> n != victim).toList();
        Map<String, Integer> halves = new TreeMap<>();
        survivors.forEach(n -> halves.put(n.id(), 64));
        awaitShares(halves);
        assertOncePerInterval("two nodes after the kill");

        failing.remove("m0"); // the new checker decides UP, once
        awaitTrue(() -> deliveries.stream().anyMatch(d -> d.startsWith("service.up ") && d.endsWith(" m0")), WAIT,
                "service.up delivered");
        // Nothing more can be sent: no outbox row is pending (a claim needs one); and the survivors went on checking.
        awaitTrue(() -> {
            List<Integer> pending = new ArrayList<>();
            cluster.query("select count(*) from notification_outbox where state = 0",
                    row -> pending.add(row.getInt(1)));
            return pending.getFirst() == 0;
        }, WAIT, "no pending outbox row");
        long settled = System.nanoTime();
        awaitTrue(() -> IntStream.range(0, MONITORS).allMatch(i -> hits.stream()
                .filter(hit -> hit.monitor.equals("m" + i) && hit.nanos > settled).count() >= 2), WAIT,
                "every monitor checked twice more");
        Map<String, Long> byType = deliveries.stream().map(d -> d.split(" ")[0])
                .collect(Collectors.groupingBy(type -> type, TreeMap::new, Collectors.counting()));
        System.out.println("ClusterFailoverTest: deliveries " + byType + " " + deliveries);
        // m0's DOWN and UP, each under one webhook-id: a second decision of one change (two nodes around the kill)
        // would show as a second id of the same type in a row. A loaded machine may time a check out and flip a
        // monitor on its own (m0 included): such a flip is a real DOWN and UP, so the rule is that DOWN and UP take
        // turns, and one outbox message per change.
        List<String> m0 = deliveries.stream().filter(d -> d.endsWith(" m0")).distinct().map(d -> d.split(" ")[0]).toList();
        assertTrue(m0.size() >= 2, "m0's DOWN and UP: " + deliveries);
        for (int i = 0; i < m0.size(); i++) {
            assertEquals(i % 2 == 0 ? "service.down" : "service.up", m0.get(i), "m0's changes take turns: " + deliveries);
        }
        List<Integer> messages = new ArrayList<>();
        cluster.query("select count(*) from notification_outbox where subject = 'service:m0'",
                row -> messages.add(row.getInt(1)));
        assertEquals(m0.size(), messages.getFirst(), "one delivered webhook-id per committed change: " + deliveries);
        assertTrue(survivors.stream().allMatch(n -> n.process().isAlive()));
    }

    /**
     * Each monitor is checked once per interval: from now until every monitor has had 5 checks (the window ends on
     * observed progress, not on a sleep), none has had more than the window holds intervals, plus one for the slot the
     * window starts in and one for a hand-over. A loaded machine only delays checks (the window grows, counts do not);
     * checking twice in every slot would show as about twice the bound.
     */
    private void assertOncePerInterval(String when) throws Exception {
        long from = System.nanoTime();
        awaitTrue(() -> IntStream.range(0, MONITORS).allMatch(i -> hits.stream()
                .filter(hit -> hit.monitor.equals("m" + i) && hit.nanos >= from).count() >= 5), WAIT,
                when + ": every monitor checked 5 times");
        long to = System.nanoTime();
        Map<String, Long> counts = new TreeMap<>();
        IntStream.range(0, MONITORS).forEach(i -> counts.put("m" + i, 0L));
        hits.stream().filter(hit -> hit.nanos >= from && hit.nanos < to)
                .forEach(hit -> counts.merge(hit.monitor, 1L, Long::sum));
        long most = (to - from) / INTERVAL.toNanos() + 2;
        assertTrue(counts.values().stream().allMatch(n -> n >= 5 && n <= Math.max(6, most)),
                when + ": checks per monitor until each had 5, at most " + Math.max(6, most) + " in "
                        + (to - from) / 1_000_000 + " ms: " + counts);
    }

    private long firstHitAfter(String monitor, long after) {
        return hits.stream().filter(hit -> hit.monitor.equals(monitor) && hit.nanos > after)
                .mapToLong(Hit::nanos).min().orElse(0);
    }

    private ClusterNodes.Node start(String id) throws Exception {
        StringBuilder monitors = new StringBuilder();
        for (int i = 0; i < MONITORS; i++) {
            monitors.append("  - { id: m%d, type: http, url: \"http://127.0.0.1:%d/m/m%d\", interval: %ds, timeout: 1s }\n"
                    .formatted(i, target.getAddress().getPort(), i, INTERVAL.toSeconds()));
        }
        return cluster.start(id, """
                server: { host: 127.0.0.1, port: 0, auth: { tokens: [ { name: read, scope: read, digest: "%s" } ] } }
                security: { egress: { allow: [127.0.0.0/8] } }  # the target listens on loopback
                %s
                cluster: { node-id: %s, location: fra, lease: %ds }
                notifications:
                  - { id: ops, type: webhook, url: "http://127.0.0.1:%d/hook", events: [down, up] }
                monitors:
                %s""".formatted(READ.digest(), cluster.storage(), id, LEASE.toSeconds(),
                receiver.getAddress().getPort(), monitors));
    }

    private void awaitShares(Map<String, Integer> expected) throws Exception {
        Map<String, Integer> wanted = new TreeMap<>(expected);
        awaitTrue(() -> wanted.equals(shares()), WAIT, "shards held " + wanted);
    }

    /** Valid leases per node, by the database's clock. */
    private Map<String, Integer> shares() {
        Map<String, Integer> shares = new TreeMap<>();
        cluster.query("select owner, count(*) from cluster_shard where owner is not null and lease_until > clock_timestamp() "
                + "group by owner", row -> shares.put(row.getString(1), row.getInt(2)));
        return shares;
    }

    private Set<Integer> shardsOf(String node) {
        Set<Integer> shards = new java.util.HashSet<>();
        cluster.query("select shard from cluster_shard where owner = '" + node + "'", row -> shards.add(row.getInt(1)));
        return shards;
    }

    /** The status {@code GET /api/v1/status} gives {@code monitor} on the node at {@code base}. */
    private static String status(HttpClient client, URI base, String monitor) throws Exception {
        {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("api/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode service : JSON.readTree(response.body()).path("services")) {
                if (service.path("id").asText().equals(monitor)) {
                    return service.path("status").asText();
                }
            }
            return "none";
        }
    }

    private static JsonNode cluster(URI base) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("api/v1/cluster"))
                    .header("Authorization", "Bearer " + READ.value()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body());
        }
    }

    private void awaitTrue(ClusterNodes.Check condition, Duration within, String what) throws Exception {
        ClusterNodes.await(condition, within, what, () -> "shares now " + shares());
    }
}
