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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery by any node, with three real child JVMs on the suite's PostgreSQL: the node sending a DOWN to a slow
 * receiver is killed with {@code kill -9} ({@link Process#destroyForcibly}) while the request is in flight; its monitors
 * are checked again within 2 intervals plus the lease, and another node delivers the message once its claim has
 * lapsed, under the same {@code webhook-id}. Six monitors go DOWN and UP around the kill: the receiver gets each event
 * under exactly one {@code webhook-id}, answered once (0 duplicates, 0 lost). "Nothing more" rests on the outbox holding
 * no pending row (a message that is not pending cannot be claimed, so never sent again) and on the survivors' next
 * checks, not on a sleep. Exactly once is read from the senders' delivery log: one delivered attempt per message, and
 * no two attempts of one message at once. The nodes are launched by {@link ClusterNodes}.
 */
class ClusterDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenSecret READ = TokenSecret.generate();
    private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE (\\S+) ");
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MONITORS = 24;
    private static final List<String> FLIPPING = List.of("m0", "m1", "m2", "m3", "m4", "m5");

    @TempDir
    Path dir;
    private ClusterNodes cluster;
    private final Queue<Hit> hits = new ConcurrentLinkedQueue<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Every request the receiver got, answered or cut. */
    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean holdNextDown = new AtomicBoolean();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile String heldId = "";
    private ExecutorService receiverThreads;
    private HttpServer target;
    private HttpServer receiver;

    private record Hit(String monitor, long nanos) {
    }

    /** One request at the receiver; {@code answered} false for the one held until its sender was killed. */
    private record Arrival(String webhookId, String type, String monitor, long nanos, boolean answered) {
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (cluster != null) {
            cluster.close();
        }
        if (receiverThreads != null) {
            receiverThreads.shutdownNow();
        }
    }

    @Test
    void aNodeKilledMidDeliveryLeavesTheMessageToAnotherAndNothingIsLostOrSentTwice() throws Exception {
        cluster = new ClusterNodes(dir, WAIT);
        receiverThreads = Executors.newVirtualThreadPerTaskExecutor();
        target = cluster.serve(InetAddress.getLoopbackAddress(), receiverThreads, Map.of("/m/", exchange -> {
            String monitor = exchange.getRequestURI().getPath().substring(3);
            hits.add(new Hit(monitor, System.nanoTime()));
            exchange.sendResponseHeaders(failing.contains(monitor) ? 503 : 204, -1);
            exchange.close();
        }));
        receiver = cluster.serve(InetAddress.getLoopbackAddress(), receiverThreads, Map.of("/hook", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String type = body.path("type").asText();
            String monitor = body.path("data").path("service").path("id").asText();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (type.equals("service.down") && monitor.equals("m0") && holdNextDown.compareAndSet(true, false)) {
                heldId = id;
                arrivals.add(new Arrival(id, type, monitor, System.nanoTime(), false));
                held.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS); // a slow receiver: its sender dies meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            arrivals.add(new Arrival(id, type, monitor, System.nanoTime(), true));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }));

        List<ClusterNodes.Node> nodes = List.of(start("a"), start("b"), start("c"));
        awaitTrue(() -> Map.of("a", 43, "b", 43, "c", 42).equals(shares()), "shares 43/43/42");

        holdNextDown.set(true);
        failing.addAll(FLIPPING);
        assertTrue(held.await(WAIT.toSeconds(), TimeUnit.SECONDS), "m0's service.down reached the receiver");
        String sender = one("select lease_owner from notification_outbox where message_id = '" + heldId + "'");
        ClusterNodes.Node victim = nodes.stream().filter(n -> n.id().equals(sender)).findFirst().orElseThrow();
        Set<Integer> victimShards = shardsOf(sender);
        List<String> ofVictim = IntStream.range(0, MONITORS).mapToObj(i -> "m" + i)
                .filter(id -> victimShards.contains(FairShare.shardOf(MonitorId.of(id), ShardLeases.SHARDS))).toList();

        long killed = System.nanoTime();
        victim.kill(); // kill -9 mid-delivery: no goodbye, its leases and its claim lapse on their own
        release.countDown();

        Duration bound = INTERVAL.multipliedBy(2).plus(LEASE);
        awaitTrue(() -> ofVictim.stream().allMatch(id -> firstHitAfter(id, killed) > 0), sender + "'s monitors checked again");
        long worst = ofVictim.stream().mapToLong(id -> firstHitAfter(id, killed) - killed).max().orElseThrow();
        awaitTrue(() -> arrivals.stream().anyMatch(a -> a.answered() && a.webhookId().equals(heldId)),
                "the held service.down sent again by another node");
        long resent = arrivals.stream().filter(a -> a.answered() && a.webhookId().equals(heldId))
                .mapToLong(Arrival::nanos).min().orElseThrow();
        System.out.printf("ClusterDeliveryTest: %s killed mid-delivery; its %d monitors checked again at most %d ms "
                        + "after the kill (bound %d ms); the message it was sending delivered by another node %d ms after%n",
                sender, ofVictim.size(), worst / 1_000_000, bound.toMillis(), (resent - killed) / 1_000_000);
        // Printed, not asserted here: ClusterFailoverTest holds the hand-over to its bound; this test is about delivery.

        awaitTrue(() -> delivered("service.down").containsAll(FLIPPING), "every service.down delivered");
        failing.clear();
        awaitTrue(() -> delivered("service.up").containsAll(FLIPPING), "every service.up delivered");

        // Nothing more can be sent: no row is pending (a claim needs one), and the survivors went on checking.
        awaitTrue(() -> one("select count(*) from notification_outbox where state = 0").equals("0"), "no pending row");
        long settled = System.nanoTime();
        awaitTrue(() -> IntStream.range(0, MONITORS).allMatch(i -> hitsAfter("m" + i, settled) >= 2),
                "every monitor checked twice more");

        Map<String, Set<String>> idsByEvent = new TreeMap<>();
        Map<String, Long> answeredById = new TreeMap<>();
        for (Arrival a : arrivals) {
            idsByEvent.computeIfAbsent(a.type() + " " + a.monitor(), k -> new HashSet<>()).add(a.webhookId());
            if (a.answered()) {
                answeredById.merge(a.webhookId(), 1L, Long::sum);
            }
        }
        Set<String> expected = new TreeSet<>();
        FLIPPING.forEach(m -> {
            expected.add("service.down " + m);
            expected.add("service.up " + m);
        });
        int delivered = Integer.parseInt(one("select count(*) from notification_outbox where state = 1"));
        int total = Integer.parseInt(one("select count(*) from notification_outbox"));
        System.out.printf("ClusterDeliveryTest: %d events, %d requests (%d answered), webhook-ids per event %s; "
                        + "outbox rows %d, delivered %d%n",
                idsByEvent.size(), arrivals.size(), arrivals.stream().filter(Arrival::answered).count(),
                idsByEvent.values().stream().map(Set::size).collect(Collectors.groupingBy(n -> n, Collectors.counting())),
                total, delivered);
        // A loaded machine may time out a check of another monitor too: its DOWN and UP are held to the same rules.
        assertTrue(idsByEvent.keySet().containsAll(expected), "every DOWN and UP of the failing monitors: " + arrivals);
        // Per monitor, the events in the order they arrived (each webhook-id once): DOWN and UP take turns, so no
        // change was sent twice under two ids, and each channel and subject kept its order across the nodes.
        Map<String, List<String>> sequences = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        arrivals.stream().filter(Arrival::answered).filter(x -> seen.add(x.webhookId()))
                .forEach(x -> sequences.computeIfAbsent(x.monitor(), k -> new ArrayList<>()).add(x.type()));
        System.out.println("ClusterDeliveryTest: events per monitor " + sequences);
        for (Map.Entry<String, List<String>> sequence : sequences.entrySet()) {
            List<String> types = sequence.getValue();
            for (int i = 0; i < types.size(); i++) {
                assertEquals(i % 2 == 0 ? "service.down" : "service.up", types.get(i),
                        sequence.getKey() + ": DOWN and UP take turns: " + sequences);
            }
        }
        // Once per event per channel, from the senders' own record (the delivery log): each message delivered by
        // exactly one attempt, and its attempts one after another, never two at once (two nodes sending it together
        // would overlap: the first still in flight when the second starts). A webhook-id answered twice is then only
        // a retry of an attempt whose sender never heard the answer (a timeout on a loaded machine): at least once.
        Map<String, List<LoggedAttempt>> log = deliveryLog();
        System.out.println("ClusterDeliveryTest: delivery log " + log);
        for (Map.Entry<String, List<LoggedAttempt>> message : log.entrySet()) {
            List<LoggedAttempt> attempts = message.getValue();
            assertEquals(1, attempts.stream().filter(a -> a.outcome() == 1).count(),
                    message.getKey() + " delivered by exactly one attempt: " + attempts);
            for (int i = 1; i < attempts.size(); i++) {
                LoggedAttempt before = attempts.get(i - 1);
                assertTrue(!attempts.get(i).at().isBefore(before.end().minusMillis(50)),
                        message.getKey() + ": attempt " + attempts.get(i) + " started while " + before
                                + " was in flight: " + attempts);
            }
        }
        for (Map.Entry<String, Long> answered : answeredById.entrySet()) {
            int logged = log.getOrDefault(answered.getKey(), List.of()).size();
            // An answer before the kill that no logged attempt accounts for is the victim's, answered and never
            // recorded: the one window no outbox closes (docs/cluster.md); the message is then sent again.
            int unrecorded = arrivals.stream().anyMatch(a -> a.answered() && a.webhookId().equals(answered.getKey())
                    && a.nanos() < killed) ? 1 : 0;
            assertTrue(answered.getValue() <= logged + unrecorded, answered.getKey() + " answered " + answered.getValue()
                    + " times, " + logged + " attempts logged: " + log.get(answered.getKey()));
        }
        // Every webhook-id that reached the receiver was answered at least once (the held request's id too, by the
        // node that took it over). A loaded machine may flip a monitor more than once (a timed-out check): each flip
        // is its own change with its own id, so ids are compared, not events.
        assertEquals(arrivals.stream().map(Arrival::webhookId).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(answeredById.keySet()), "every webhook-id answered: " + arrivals);
        assertEquals(total, delivered, "every outbox row delivered, none given up");
        assertEquals(total, answeredById.size(), "one answered webhook-id per outbox row: none lost, none extra");
        List<ClusterNodes.Node> survivors = nodes.stream().filter(n -> n != victim).toList();
        assertTrue(survivors.stream().allMatch(n -> n.process().isAlive()));

        // The cluster's series: the survivors see 2 live nodes, hold their shares, and one took the message over.
        awaitTrue(() -> survivors.stream().allMatch(n -> metrics(n).contains("upwatch_cluster_nodes{location=\"fra\"} 2.0")),
                "the survivors' metrics count 2 live nodes");
        String scrape = metrics(survivors.getFirst());
        MetricsExpositionTest.assertPromtoolClean(dir, scrape);
        Set<String> families = new TreeSet<>();
        Matcher type = FAMILY.matcher(scrape);
        while (type.find()) {
            families.add(type.group(1));
        }
        assertTrue(families.containsAll(Set.of("upwatch_cluster_nodes", "upwatch_cluster_node_heartbeat_timestamp_seconds",
                "upwatch_cluster_node_shards", "upwatch_cluster_shards_held", "upwatch_cluster_lease_renewals_total",
                "upwatch_cluster_lease_renewal_failures_total", "upwatch_outbox_pending",
                "upwatch_outbox_picked_up_total")), families.toString());
        double pickedUp = survivors.stream().mapToDouble(n -> value(metrics(n), "upwatch_outbox_picked_up_total")).sum();
        assertTrue(pickedUp >= 1, "the survivors picked up the killed node's message: " + pickedUp);
    }

    private static String metrics(ClusterNodes.Node node) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(node.base().resolve("metrics"))
                    .header("Authorization", "Bearer " + READ.value()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void aPushSentToTheNodeThatDoesNotCheckTheMonitorKeepsItUp() throws Exception {
        cluster = new ClusterNodes(dir, WAIT);
        receiverThreads = Executors.newVirtualThreadPerTaskExecutor();
        receiver = cluster.serve(InetAddress.getLoopbackAddress(), receiverThreads, Map.of("/hook", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            arrivals.add(new Arrival(exchange.getRequestHeaders().getFirst("webhook-id"), body.path("type").asText(),
                    body.path("data").path("service").path("id").asText(), System.nanoTime(), true));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }));
        String token = "cluster-push-token-" + TokenSecret.generate().value().substring(4, 20);
        // Silence longer than interval + grace (3 s) is a failure, and one failure is DOWN.
        String job = "  - { id: job, type: push, token: \"%s\", interval: 2s, grace: 1s, failure-threshold: 1 }\n"
                .formatted(token);
        ClusterNodes.Node a = start("a", job);
        ClusterNodes.Node b = start("b", job);
        awaitTrue(() -> Map.of("a", 64, "b", 64).equals(shares()), "shares 64/64");
        Set<Integer> ofA = shardsOf("a");
        ClusterNodes.Node checker = ofA.contains(FairShare.shardOf(MonitorId.of("job"), ShardLeases.SHARDS)) ? a : b;
        ClusterNodes.Node other = checker == a ? b : a;

        try (HttpClient client = HttpClient.newHttpClient()) {
            // Pushes go only to the node that does not check the monitor, every second.
            Thread pusher = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        client.send(HttpRequest.newBuilder(other.base().resolve("api/v1/push/" + token)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // the next push follows
                    }
                }
            });
            try {
                awaitTrue(() -> "up".equals(service(client, checker, "status")), "job up on the node that checks it");
                // Progress, on the checker's own clock: its checks go on for 4 × (interval + grace) and it stays up.
                java.time.Instant first = java.time.Instant.parse(service(client, checker, "lastCheckedAt"));
                awaitTrue(() -> {
                    assertEquals("up", service(client, checker, "status"), "job stays up on " + checker.id());
                    return java.time.Instant.parse(service(client, checker, "lastCheckedAt"))
                            .isAfter(first.plusSeconds(12));
                }, "the checker's checks over 12 s");
            } finally {
                pusher.interrupt();
            }
        }
        assertEquals("up", one("select status from monitor_status where monitor = 'job'"));
        // Before the first push (the nodes start before the pusher) the monitor may go DOWN, and UP with the pushes;
        // after that nothing: a DOWN would mean the checker missed pushes sent to the other node.
        List<String> sent = arrivals.stream().map(Arrival::type).toList();
        assertTrue(sent.isEmpty() || sent.equals(List.of("service.down", "service.up")), "job's notifications: " + sent);
        System.out.printf("ClusterDeliveryTest: pushes sent to %s kept job up on %s, its checker%n", other.id(),
                checker.id());
    }

    /** A field of {@code monitor} in {@code GET /api/v1/status} on {@code node} ("" when absent). */
    private static String service(HttpClient client, ClusterNodes.Node node, String field) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(node.base().resolve("api/v1/status"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode service : JSON.readTree(response.body()).path("services")) {
                if (service.path("id").asText().equals("job")) {
                    return service.path(field).asText();
                }
            }
            return "";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> delivered(String type) {
        return arrivals.stream().filter(a -> a.answered() && a.type().equals(type)).map(Arrival::monitor)
                .collect(Collectors.toSet());
    }

    private long firstHitAfter(String monitor, long after) {
        return hits.stream().filter(hit -> hit.monitor.equals(monitor) && hit.nanos > after)
                .mapToLong(Hit::nanos).min().orElse(0);
    }

    private long hitsAfter(String monitor, long after) {
        return hits.stream().filter(hit -> hit.monitor.equals(monitor) && hit.nanos > after).count();
    }

    private ClusterNodes.Node start(String id) throws Exception {
        StringBuilder monitors = new StringBuilder();
        for (int i = 0; i < MONITORS; i++) {
            monitors.append("  - { id: m%d, type: http, url: \"http://127.0.0.1:%d/m/m%d\", interval: %ds, timeout: 1s }\n"
                    .formatted(i, target.getAddress().getPort(), i, INTERVAL.toSeconds()));
        }
        return start(id, monitors.toString());
    }

    private ClusterNodes.Node start(String id, String monitors) throws Exception {
        return cluster.start(id, """
                server: { host: 127.0.0.1, port: 0, auth: { tokens: [ { name: read, scope: read, digest: "%s" } ] } }
                security: { egress: { allow: [127.0.0.0/8] } }  # the target and the receiver listen on loopback
                %s
                cluster: { node-id: %s, location: fra, lease: %ds }
                notifications:
                  - { id: ops, type: webhook, url: "http://127.0.0.1:%d/hook", events: [down, up] }
                monitors:
                %s""".formatted(READ.digest(), cluster.storage(), id, LEASE.toSeconds(),
                receiver.getAddress().getPort(), monitors));
    }

    /** One attempt in the delivery log: when it started, when it was recorded (start plus latency), its outcome code. */
    private record LoggedAttempt(int attempt, java.time.Instant at, java.time.Instant end, int outcome, String error) {
    }

    /** The channel's delivery log by message id, each message's attempts in the order they started. */
    private Map<String, List<LoggedAttempt>> deliveryLog() {
        Map<String, List<LoggedAttempt>> log = new TreeMap<>();
        cluster.query("select message_id, attempt, attempted_at, latency_us, outcome, coalesce(error, '') from notification_delivery "
                + "where channel = 'ops' order by message_id, attempted_at, id", row -> {
            java.time.Instant at = row.getTimestamp(3).toInstant();
            log.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new LoggedAttempt(row.getInt(2), at,
                    at.plusNanos(row.getLong(4) * 1000), row.getInt(5), row.getString(6)));
        });
        return log;
    }

    private Map<String, Integer> shares() {
        Map<String, Integer> shares = new TreeMap<>();
        cluster.query("select owner, count(*) from cluster_shard where owner is not null and lease_until > clock_timestamp() "
                + "group by owner", row -> shares.put(row.getString(1), row.getInt(2)));
        return shares;
    }

    private Set<Integer> shardsOf(String node) {
        Set<Integer> shards = new HashSet<>();
        cluster.query("select shard from cluster_shard where owner = '" + node + "'", row -> shards.add(row.getInt(1)));
        return shards;
    }

    /** The first column of the first row of {@code sql}, as text ("" when there is none). */
    private String one(String sql) {
        List<String> values = new ArrayList<>();
        cluster.query(sql, row -> values.add(String.valueOf(row.getString(1))));
        return values.isEmpty() ? "" : values.getFirst();
    }

    private void awaitTrue(ClusterNodes.Check condition, String what) throws Exception {
        cluster.await(condition, what, () -> "shares now " + shares() + "; arrivals " + arrivals);
    }
}
