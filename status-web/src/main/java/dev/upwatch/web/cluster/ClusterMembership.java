package dev.upwatch.web.cluster;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.service.ShardLeases;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * This process's place in a cluster, if it is a node of one: its {@link ShardLeases}, renewed on a thread of their
 * own ({@code upwatch-cluster}) from {@link #start()} until {@link #close()}. Alone, it assigns every monitor.
 */
public final class ClusterMembership implements AutoCloseable {
    private final Optional<ShardLeases> leases;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("upwatch-cluster").daemon(true).factory());

    /** @param leases this node's leases; empty for a process that runs alone */
    public ClusterMembership(Optional<ShardLeases> leases) {
        this.leases = Objects.requireNonNull(leases, "leases");
    }

    /** Which monitors this process checks now. */
    public CheckAssignment assignment() {
        return leases.<CheckAssignment>map(l -> l).orElse(CheckAssignment.ALL);
    }

    /** This node's leases, when it is a node of a cluster. */
    public Optional<ShardLeases> leases() {
        return leases;
    }

    /** The live nodes as of the last renewal; none when this process runs alone. */
    public List<ClusterNode> nodes() {
        return leases.map(ShardLeases::nodes).orElse(List.of());
    }

    /** Joins the cluster and takes a first share before any check is planned; then renews in the background. */
    public void start() {
        leases.ifPresent(l -> l.start(renewals));
    }

    /** Leaves the cluster: every lease given up, so the other nodes take this node's monitors at once. */
    @Override
    public void close() {
        renewals.shutdownNow();
        leases.ifPresent(ShardLeases::close);
    }
}
