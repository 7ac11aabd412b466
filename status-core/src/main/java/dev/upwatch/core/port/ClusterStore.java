package dev.upwatch.core.port;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The node registry and the leases on shards of monitors that the nodes of a location share, kept where every node
 * sees them (PostgreSQL). Leases expire by the store's own clock, never by a node saying so: a lapsed lease is taken
 * over only by a conditional update.
 */
public interface ClusterStore {

    /** Registers {@code node} and makes sure {@code location} has its {@code shards} shard rows. */
    void join(NodeId node, Location location, int shards);

    /**
     * Records a heartbeat of {@code node} now, which keeps it live for {@code liveFor} (its lease time: each node
     * says how long it counts as live), and returns the live nodes of every location, {@code node} among them.
     */
    List<ClusterNode> heartbeat(NodeId node, Location location, Duration liveFor);

    /** Extends every lease {@code node} holds in {@code location} to now + {@code lease}; returns their shards. */
    Set<Integer> renew(NodeId node, Location location, Duration lease);

    /**
     * Leases up to {@code count} shards of {@code location} that nobody holds or whose lease lapsed to {@code node}
     * until now + {@code lease}, skipping shards another node is claiming at the same moment; returns those it got.
     */
    Set<Integer> claim(NodeId node, Location location, int count, Duration lease);

    /** Gives up {@code node}'s leases on {@code shards}, so that another node may take them at once. */
    void release(NodeId node, Location location, Set<Integer> shards);

    /** Removes {@code node} from the registry and gives up all its leases (a graceful stop). */
    void leave(NodeId node, Location location);
}
