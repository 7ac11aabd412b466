package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.service.ShardLeases;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.agent.AgentDirectory;
import dev.upwatch.web.cluster.ClusterMembership;
import dev.upwatch.web.config.ClusterConfig;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.page.LiveSignal;
import dev.upwatch.web.reader.PageSettings;

import java.util.Optional;

/** This process as a node of a cluster on PostgreSQL ({@code cluster:}), or alone. */
public final class ClusterModule extends AbstractModule {

    /**
     * The node's leases on the database's cluster store; alone without {@code cluster:}. The configuration reader
     * refuses {@code cluster:} without PostgreSQL, so the store is there when the section is.
     */
    @Provides
    @Singleton
    ClusterMembership membership(UpwatchConfig config, Database database, LiveSignal live, PageSettings page) {
        if (config.cluster().isEmpty()) {
            return new ClusterMembership();
        }
        ClusterConfig cluster = config.cluster().get();
        IllegalStateException noCluster = new IllegalStateException(
                "cluster: needs PostgreSQL storage; the embedded H2 store is single-node");
        ShardLeases leases = new ShardLeases(database.clusterStore().orElseThrow(() -> noCluster), cluster.nodeId(),
                cluster.location(), cluster.lease(), System::nanoTime);
        return new ClusterMembership(Optional.of(leases), Optional.of(database.statusFeed().orElseThrow(() -> noCluster)),
                live::changedElsewhere, Optional.of(database.pushExchange().orElseThrow(() -> noCluster)),
                Optional.of(database.pageSettingFeed().orElseThrow(() -> noCluster)), page::reload);
    }

    /**
     * Which monitors the engine checks: this node's share in a cluster, else all but those whose locations are all
     * remote agents' (they are in networks this process may not reach).
     */
    @Provides
    @Singleton
    CheckAssignment assignment(ClusterMembership membership, AgentDirectory agents) {
        return membership.leases().isPresent() ? membership.assignment()
                : agents.leavingToAgents(membership.assignment());
    }
}
