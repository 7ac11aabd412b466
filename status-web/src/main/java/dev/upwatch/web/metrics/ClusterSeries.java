package dev.upwatch.web.metrics;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.service.ShardLeases;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The series of a cluster node, read from its {@link ShardLeases} at each scrape: the live nodes per location and,
 * per node, its last heartbeat and shards held (as {@code GET /api/v1/cluster} lists them, as of this node's last
 * renewal); the shards this node holds a valid lease on now; its lease renewals and failed renewals since start.
 */
final class ClusterSeries implements MultiCollector {
    private static final String NODES = "upwatch_cluster_nodes";
    private static final String HEARTBEAT = "upwatch_cluster_node_heartbeat_timestamp_seconds";
    private static final String NODE_SHARDS = "upwatch_cluster_node_shards";
    private static final String SHARDS_HELD = "upwatch_cluster_shards_held";
    /** Exposed as {@code upwatch_cluster_lease_renewals_total}. */
    private static final String RENEWALS = "upwatch_cluster_lease_renewals";
    /** Exposed as {@code upwatch_cluster_lease_renewal_failures_total}. */
    private static final String RENEWAL_FAILURES = "upwatch_cluster_lease_renewal_failures";

    private final ShardLeases leases;

    ClusterSeries(ShardLeases leases) {
        this.leases = Objects.requireNonNull(leases, "leases");
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(NODES, HEARTBEAT, NODE_SHARDS, SHARDS_HELD, RENEWALS, RENEWAL_FAILURES);
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder nodes = GaugeSnapshot.builder().name(NODES)
                .help("Live nodes per location, as this node last saw them");
        GaugeSnapshot.Builder heartbeat = GaugeSnapshot.builder().name(HEARTBEAT)
                .help("Each live node's last heartbeat (database time), in seconds since the epoch");
        GaugeSnapshot.Builder nodeShards = GaugeSnapshot.builder().name(NODE_SHARDS)
                .help("Shards of its location's monitors each live node holds a lease on");
        Map<String, Integer> perLocation = new TreeMap<>();
        for (ClusterNode node : leases.nodes()) {
            perLocation.merge(node.location().value(), 1, Integer::sum);
            Labels labels = Labels.of("location", node.location().value(), "node", node.id().value());
            heartbeat.dataPoint(gauge(labels, node.heartbeat().toEpochMilli() / 1e3));
            nodeShards.dataPoint(gauge(labels, node.shards()));
        }
        perLocation.forEach((location, count) -> nodes.dataPoint(gauge(Labels.of("location", location), count)));
        GaugeSnapshot held = GaugeSnapshot.builder().name(SHARDS_HELD)
                .help("Shards this node holds a valid lease on now (of " + ShardLeases.SHARDS + " per location)")
                .dataPoint(gauge(Labels.EMPTY, leases.shards().size())).build();
        CounterSnapshot renewals = CounterSnapshot.builder().name(RENEWALS)
                .help("Rounds in which this node renewed its heartbeat and leases, since start")
                .dataPoint(CounterDataPointSnapshot.builder().value(leases.renewals()).build()).build();
        CounterSnapshot failures = CounterSnapshot.builder().name(RENEWAL_FAILURES)
                .help("Rounds in which this node could not renew (database unreachable or refusing), since start")
                .dataPoint(CounterDataPointSnapshot.builder().value(leases.renewalFailures()).build()).build();
        return MetricSnapshots.of(nodes.build(), heartbeat.build(), nodeShards.build(), held, renewals, failures);
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
