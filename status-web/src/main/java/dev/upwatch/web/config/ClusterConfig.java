package dev.upwatch.web.config;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;

import java.time.Duration;
import java.util.Objects;

/**
 * This process as a node of a cluster ({@code cluster}).
 *
 * @param nodeId   unique per process
 * @param location where it checks from; several nodes may share one
 * @param lease    how long its leases on shards of monitors and its heartbeat last without renewal (renewed every
 *                 quarter of it)
 */
public record ClusterConfig(NodeId nodeId, Location location, Duration lease) {
    /** The default lease: a stopped node's monitors move after at most 15 s plus 2 intervals. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(lease, "lease");
    }
}
