package dev.upwatch.core.rule;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.NodeId;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How the monitors of a location are split among its live nodes: every monitor belongs to one of a fixed number of
 * shards (a stable hash of its id), and of {@code n} live nodes, sorted by id, the first {@code shards mod n} hold one
 * shard more than the others. Every node computes the same split from the same list of live nodes.
 */
public final class FairShare {
    private FairShare() {
    }

    /** A stable 64-bit FNV-1a hash of the id's UTF-8 bytes: the same id gets the same hash in every process. */
    public static long stableHash(MonitorId id) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : id.value().getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** The shard of {@code id} among {@code shards}: the same in every process. */
    public static int shardOf(MonitorId id, int shards) {
        long hash = stableHash(id);
        // The low bits also place the monitor's phase in its interval; mixing in the high bits decorrelates the two.
        return (int) Math.floorMod(hash ^ (hash >>> 32), (long) shards);
    }

    /**
     * How many of {@code shards} shards {@code self} should hold when {@code live} are the live nodes of its location
     * ({@code self} counts as live even when missing from the list).
     */
    public static int target(int shards, Collection<NodeId> live, NodeId self) {
        Objects.requireNonNull(self, "self");
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, got " + shards);
        }
        List<NodeId> nodes = Stream.concat(live.stream(), Stream.of(self)).distinct().sorted().toList();
        int rank = nodes.indexOf(self);
        int n = nodes.size();
        return shards / n + (rank < shards % n ? 1 : 0);
    }
}
