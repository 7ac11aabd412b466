package dev.upwatch.core.memory;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.port.ClusterStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link ClusterStore} in memory, on an injected clock: for tests of the lease rules, with several nodes of one
 * process sharing it. Lost on exit.
 */
public final class InMemoryClusterStore implements ClusterStore {
    private final Clock clock;
    private final Map<NodeId, Location> locations = new HashMap<>();
    private final Map<NodeId, Instant> heartbeats = new HashMap<>();
    private final Map<NodeId, Instant> liveUntil = new HashMap<>();
    /** Lease per location and shard; a shard nobody ever held has no entry. */
    private final Map<Location, Map<Integer, Lease>> leases = new HashMap<>();

    private record Lease(NodeId owner, Instant until) {
    }

    /** @param clock the store's clock: leases and heartbeats are judged by it, as PostgreSQL judges by its own */
    public InMemoryClusterStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void join(NodeId node, Location location, int shards) {
        locations.put(node, location);
        heartbeats.put(node, clock.instant());
        liveUntil.put(node, clock.instant());
        Map<Integer, Lease> shardLeases = leases.computeIfAbsent(location, l -> new TreeMap<>());
        for (int shard = 0; shard < shards; shard++) {
            shardLeases.putIfAbsent(shard, null);
        }
    }

    @Override
    public synchronized List<ClusterNode> heartbeat(NodeId node, Location location, Duration liveFor) {
        Instant now = clock.instant();
        locations.put(node, location);
        heartbeats.put(node, now);
        liveUntil.put(node, now.plus(liveFor));
        return heartbeats.entrySet().stream().filter(e -> liveUntil.get(e.getKey()).isAfter(now))
                .map(e -> new ClusterNode(e.getKey(), locations.get(e.getKey()), e.getValue(),
                        held(e.getKey(), locations.get(e.getKey())).size()))
                .sorted(java.util.Comparator.comparing(ClusterNode::id)).toList();
    }

    @Override
    public synchronized Set<Integer> renew(NodeId node, Location location, Duration lease) {
        Set<Integer> shards = held(node, location);
        Instant until = clock.instant().plus(lease);
        shards.forEach(shard -> leases.get(location).put(shard, new Lease(node, until)));
        return shards;
    }

    @Override
    public synchronized Set<Integer> claim(NodeId node, Location location, int count, Duration lease) {
        Instant now = clock.instant();
        Set<Integer> got = new HashSet<>();
        for (Map.Entry<Integer, Lease> entry : leases.getOrDefault(location, Map.of()).entrySet()) {
            if (got.size() >= count) {
                break;
            }
            Lease current = entry.getValue();
            if (current == null || current.until.isBefore(now)) {
                entry.setValue(new Lease(node, now.plus(lease)));
                got.add(entry.getKey());
            }
        }
        return got;
    }

    @Override
    public synchronized void release(NodeId node, Location location, Set<Integer> shards) {
        Map<Integer, Lease> shardLeases = leases.getOrDefault(location, Map.of());
        for (Integer shard : shards) {
            Lease lease = shardLeases.get(shard);
            if (lease != null && lease.owner.equals(node)) {
                shardLeases.put(shard, null); // free, as a row whose owner is cleared
            }
        }
    }

    @Override
    public synchronized void leave(NodeId node, Location location) {
        release(node, location, held(node, location));
        heartbeats.remove(node);
        liveUntil.remove(node);
        locations.remove(node);
    }

    /** The shards {@code node} holds in {@code location}, lapsed or not (as the store's conditional update sees it). */
    private Set<Integer> held(NodeId node, Location location) {
        Set<Integer> shards = new HashSet<>();
        leases.getOrDefault(location, Map.of()).forEach((shard, lease) -> {
            if (lease != null && lease.owner.equals(node)) {
                shards.add(shard);
            }
        });
        return shards;
    }
}
