package dev.upwatch.persistence;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.port.ClusterStore;
import dev.upwatch.core.service.ShardLeases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node registry and shard leases on a real PostgreSQL: database time, SKIP LOCKED claims, lapsed leases. */
class PostgresClusterStoreTest {
    private static final Location FRA = Location.of("fra");
    private DatabaseSettings settings;
    private Database database;
    private ClusterStore store;

    @BeforeEach
    void open() {
        settings = PostgresServer.get().createDatabase();
        database = Database.open(settings);
        store = database.clusterStore().orElseThrow();
    }

    @AfterEach
    void close() {
        database.close();
        PostgresServer.get().dropDatabase(settings);
    }

    @Test
    void nodesClaimingAtOnceNeverGetTheSameShard() throws Exception {
        List<NodeId> nodes = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"), NodeId.of("d"));
        nodes.forEach(node -> store.join(node, FRA, ShardLeases.SHARDS));
        List<Future<Set<Integer>>> claims = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(nodes.size())) {
            for (NodeId node : nodes) {
                claims.add(threads.submit((Callable<Set<Integer>>) () -> {
                    Set<Integer> got = new HashSet<>();
                    for (int i = 0; i < 20; i++) {
                        got.addAll(store.claim(node, FRA, 3, Duration.ofMinutes(1)));
                    }
                    return got;
                }));
            }
            Set<Integer> all = new HashSet<>();
            int total = 0;
            for (Future<Set<Integer>> claim : claims) {
                Set<Integer> got = claim.get();
                total += got.size();
                all.addAll(got);
            }
            assertEquals(ShardLeases.SHARDS, total, "every shard claimed exactly once");
            assertEquals(ShardLeases.SHARDS, all.size());
        }
    }

    @Test
    void twoNodesSplitTheShardsAndTheRegistryShowsThem() {
        ShardLeases a = new ShardLeases(store, NodeId.of("a"), FRA, Duration.ofSeconds(20), System::nanoTime);
        ShardLeases b = new ShardLeases(store, NodeId.of("b"), FRA, Duration.ofSeconds(20), System::nanoTime);
        a.join();
        assertEquals(ShardLeases.SHARDS, a.shards().size());
        b.join();
        a.round(); // gives up its excess
        b.round(); // takes it
        assertEquals(64, a.shards().size());
        assertEquals(64, b.shards().size());
        Set<Integer> both = new HashSet<>(a.shards());
        both.retainAll(b.shards());
        assertEquals(Set.of(), both);
        a.round();
        List<ClusterNode> nodes = a.nodes();
        assertEquals(List.of("a:fra:64", "b:fra:64"), nodes.stream()
                .map(n -> n.id() + ":" + n.location() + ":" + n.shards()).toList());
    }

    @Test
    void aLapsedLeaseIsTakenOverAndAGracefulLeaveFreesAtOnce() throws Exception {
        Duration lease = Duration.ofSeconds(1);
        ShardLeases a = new ShardLeases(store, NodeId.of("a"), FRA, lease, System::nanoTime);
        ShardLeases b = new ShardLeases(store, NodeId.of("b"), FRA, lease, System::nanoTime);
        a.join();
        b.join();
        a.round();
        b.round();
        assertEquals(64, b.shards().size());
        // b stops renewing (killed): a takes its shards once they lapse by the database's clock
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.shards().size() < ShardLeases.SHARDS && System.nanoTime() < deadline) {
            a.round();
            Thread.sleep(100);
        }
        assertEquals(ShardLeases.SHARDS, a.shards().size());
        assertEquals(Set.of(), b.shards(), "b's own clock ended its lease too");

        ShardLeases c = new ShardLeases(store, NodeId.of("c"), FRA, Duration.ofMinutes(1), System::nanoTime);
        c.join();
        a.close();
        c.round();
        assertEquals(ShardLeases.SHARDS, c.shards().size(), "a's leave freed every shard at once");
    }

    @Test
    void theEmbeddedStoreHasNoCluster(@TempDir Path dir) {
        try (Database h2 = Database.open(DatabaseSettings.embedded(dir))) {
            assertTrue(h2.clusterStore().isEmpty());
        }
    }
}
