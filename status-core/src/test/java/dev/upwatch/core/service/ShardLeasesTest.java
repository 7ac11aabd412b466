package dev.upwatch.core.service;

import dev.upwatch.core.MovableClock;
import dev.upwatch.core.memory.InMemoryClusterStore;
import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.model.Placement;
import dev.upwatch.core.port.ClusterStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lease rules on an injected clock: fair shares, hand-over after a node stops, a node cut from the store. */
class ShardLeasesTest {
    private static final Duration LEASE = Duration.ofSeconds(12);
    private static final Location FRA = Location.of("fra");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final LongSupplier ticks = () -> clock.instant().toEpochMilli() * 1_000_000;
    private final InMemoryClusterStore store = new InMemoryClusterStore(clock);
    private final List<Monitor> monitors = IntStream.range(0, 500).mapToObj(i -> monitor("m" + i, Placement.EVERYWHERE))
            .toList();

    @Test
    void aNodeAloneChecksEveryMonitor() {
        ShardLeases a = node("a", store);
        assertEquals(ShardLeases.SHARDS, a.shards().size());
        assertTrue(monitors.stream().allMatch(a::checksNow));
    }

    @Test
    void aJoiningNodeTakesAFairShareAndEveryMonitorHasOneChecker() {
        ShardLeases a = node("a", store);
        ShardLeases b = node("b", store);
        rounds(a, b);
        assertEquals(List.of(64, 64), List.of(a.shards().size(), b.shards().size()));
        assertOneCheckerEach(a, b);

        ShardLeases c = node("c", store);
        rounds(a, b, c);
        assertEquals(List.of(43, 43, 42), List.of(a.shards().size(), b.shards().size(), c.shards().size()));
        assertOneCheckerEach(a, b, c);
        assertEquals(Set.of("a", "b", "c"), c.nodes().stream().map(n -> n.id().value()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aStoppedNodesShardsAreTakenOnlyAfterItsLeaseLapses() {
        ShardLeases a = node("a", store);
        ShardLeases b = node("b", store);
        rounds(a, b);
        Set<Integer> bHeld = b.shards();
        // b is killed: it renews no more. Until its lease lapses, a keeps to its own half.
        for (Duration passed = Duration.ZERO; passed.compareTo(LEASE) < 0; passed = passed.plus(a.renewEvery())) {
            a.round();
            assertEquals(64, a.shards().size(), "after " + passed);
            clock.advance(a.renewEvery());
        }
        clock.advance(Duration.ofMillis(1));
        a.round();
        assertEquals(ShardLeases.SHARDS, a.shards().size(), "a took b's shards at its first round after the lapse");
        assertTrue(a.shards().containsAll(bHeld));
        assertTrue(monitors.stream().allMatch(a::checksNow));
    }

    @Test
    void aNodeCutFromTheStoreStopsCheckingBeforeItsLeasesCanBeTaken() {
        AtomicBoolean cut = new AtomicBoolean();
        ShardLeases a = node("a", store);
        ShardLeases b = node("b", new Cuttable(store, cut));
        rounds(a, b);
        Set<Integer> bHeld = b.shards();
        Monitor ofB = monitors.stream().filter(b::checksNow).findFirst().orElseThrow();

        cut.set(true);
        clock.advance(Duration.ofSeconds(1));
        b.round(); // fails: b keeps what its last good round gave it
        assertTrue(b.checksNow(ofB));
        clock.advance(LEASE.minusSeconds(1)); // exactly the lease after b's last good round began
        assertFalse(b.checksNow(ofB), "b's lease ran out by its own clock");
        assertEquals(Set.of(), b.shards());
        clock.advance(Duration.ofMillis(1));
        a.round();
        assertTrue(a.shards().containsAll(bHeld), "a took over only now, when b had stopped already");
        assertTrue(a.checksNow(ofB));
    }

    @Test
    void aGracefulStopHandsOverAtTheNextRound() {
        ShardLeases a = node("a", store);
        ShardLeases b = node("b", store);
        rounds(a, b);
        b.close();
        assertEquals(Set.of(), b.shards());
        a.round();
        assertEquals(ShardLeases.SHARDS, a.shards().size());
    }

    @Test
    void aMonitorOfOtherLocationsIsNotChecked() {
        ShardLeases a = node("a", store);
        Monitor elsewhere = monitor("x", new Placement(List.of(Location.of("nyc")), OptionalInt.empty()));
        Monitor here = monitor("y", new Placement(List.of(Location.of("nyc"), FRA), OptionalInt.of(2)));
        assertFalse(a.checksNow(elsewhere));
        assertTrue(a.checksNow(here));
    }

    @Test
    void locationsShareIndependently() {
        ShardLeases a = node("a", store);
        ShardLeases n = new ShardLeases(store, NodeId.of("n"), Location.of("nyc"), LEASE, ticks);
        n.join();
        rounds(a, n);
        assertEquals(ShardLeases.SHARDS, a.shards().size(), "a is alone in fra");
        assertEquals(ShardLeases.SHARDS, n.shards().size(), "n is alone in nyc");
        assertEquals(Map.of("a", 128, "n", 128), Map.of(a.nodes().get(0).id().value(), a.nodes().get(0).shards(),
                a.nodes().get(1).id().value(), a.nodes().get(1).shards()));
    }

    private ShardLeases node(String id, ClusterStore on) {
        ShardLeases leases = new ShardLeases(on, NodeId.of(id), FRA, LEASE, ticks);
        leases.join();
        return leases;
    }

    /** Two rounds of every node, the renewal period apart: the first gives up excess, the second claims it. */
    private void rounds(ShardLeases... nodes) {
        for (int i = 0; i < 2; i++) {
            for (ShardLeases node : nodes) {
                node.round();
            }
            clock.advance(nodes[0].renewEvery());
        }
        for (ShardLeases node : nodes) {
            node.round();
        }
    }

    private void assertOneCheckerEach(ShardLeases... nodes) {
        for (Monitor monitor : monitors) {
            List<String> checkers = new ArrayList<>();
            for (ShardLeases node : nodes) {
                if (node.checksNow(monitor)) {
                    checkers.add(node.self().value());
                }
            }
            assertEquals(1, checkers.size(), monitor.id() + " is checked by " + checkers);
        }
        Set<Integer> all = new HashSet<>();
        for (ShardLeases node : nodes) {
            all.addAll(node.shards());
        }
        assertEquals(ShardLeases.SHARDS, all.size());
    }

    private static Monitor monitor(String id, Placement placement) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("tcp", ProbeSettings.empty()))
                .placement(placement).build();
    }

    /** The store, or a failure for every call while {@code cut} is set (the node lost its database). */
    private record Cuttable(ClusterStore store, AtomicBoolean cut) implements ClusterStore {
        private void check() {
            if (cut.get()) {
                throw new IllegalStateException("connection refused");
            }
        }

        @Override
        public void join(NodeId node, Location location, int shards) {
            check();
            store.join(node, location, shards);
        }

        @Override
        public List<ClusterNode> heartbeat(NodeId node, Location location, Duration liveFor) {
            check();
            return store.heartbeat(node, location, liveFor);
        }

        @Override
        public Set<Integer> renew(NodeId node, Location location, Duration lease) {
            check();
            return store.renew(node, location, lease);
        }

        @Override
        public Set<Integer> claim(NodeId node, Location location, int count, Duration lease) {
            check();
            return store.claim(node, location, count, lease);
        }

        @Override
        public void release(NodeId node, Location location, Set<Integer> shards) {
            check();
            store.release(node, location, shards);
        }

        @Override
        public void leave(NodeId node, Location location) {
            check();
            store.leave(node, location);
        }
    }
}
