package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A node of a cluster as the registry last saw it.
 *
 * @param id        the node's id
 * @param location  where it checks from
 * @param heartbeat its last heartbeat (database time)
 * @param shards    how many shards of its location's monitors it holds a lease on
 */
public record ClusterNode(NodeId id, Location location, Instant heartbeat, int shards) {
    public ClusterNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (shards < 0) {
            throw new IllegalArgumentException("shards must not be negative, got " + shards);
        }
    }
}
