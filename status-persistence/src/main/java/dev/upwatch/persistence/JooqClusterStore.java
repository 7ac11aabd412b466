package dev.upwatch.persistence;

import dev.upwatch.core.model.ClusterNode;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.port.ClusterStore;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@link ClusterStore} on PostgreSQL's {@code cluster_node} and {@code cluster_shard} tables (migration V24, PostgreSQL
 * only). Every time is the database's ({@code clock_timestamp()}), so the nodes' own clocks never decide a lease;
 * claims take lapsed or free rows with {@code FOR UPDATE SKIP LOCKED}, so two nodes claiming at once get different
 * shards without waiting for each other.
 */
final class JooqClusterStore implements ClusterStore {
    private final DSLContext dsl;

    JooqClusterStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void join(NodeId node, Location location, int shards) {
        dsl.transaction(tx -> {
            DSLContext db = tx.dsl();
            // Live for the lease's first renewal only; the first heartbeat right after says how long.
            db.execute("insert into cluster_node (node_id, location, started_at, heartbeat_at, live_until) "
                    + "values (?, ?, clock_timestamp(), clock_timestamp(), clock_timestamp()) on conflict (node_id) do update "
                    + "set location = excluded.location, started_at = excluded.started_at, "
                    + "heartbeat_at = excluded.heartbeat_at", node.value(), location.value());
            db.execute("insert into cluster_shard (location, shard) select ?, g from generate_series(0, ? - 1) g "
                    + "on conflict do nothing", location.value(), shards);
        });
    }

    @Override
    public List<ClusterNode> heartbeat(NodeId node, Location location, Duration liveFor) {
        dsl.execute("insert into cluster_node (node_id, location, started_at, heartbeat_at, live_until) "
                + "values (?, ?, clock_timestamp(), clock_timestamp(), clock_timestamp() + ? * interval '1 millisecond') "
                + "on conflict (node_id) do update set location = excluded.location, "
                + "heartbeat_at = excluded.heartbeat_at, live_until = excluded.live_until",
                node.value(), location.value(), liveFor.toMillis());
        return dsl.fetch("select n.node_id, n.location, n.heartbeat_at, "
                        + "(select count(*) from cluster_shard s where s.owner = n.node_id and s.location = n.location "
                        + "and s.lease_until > clock_timestamp()) as shards "
                        + "from cluster_node n where n.live_until > clock_timestamp() order by n.node_id")
                .map(JooqClusterStore::node);
    }

    @Override
    public Set<Integer> renew(NodeId node, Location location, Duration lease) {
        return shards(dsl.fetch("update cluster_shard set lease_until = clock_timestamp() + ? * interval '1 millisecond' "
                + "where location = ? and owner = ? returning shard", lease.toMillis(), location.value(), node.value()));
    }

    @Override
    public Set<Integer> claim(NodeId node, Location location, int count, Duration lease) {
        if (count <= 0) {
            return Set.of();
        }
        return shards(dsl.fetch("update cluster_shard s set owner = ?, "
                        + "lease_until = clock_timestamp() + ? * interval '1 millisecond' "
                        + "from (select location, shard from cluster_shard where location = ? "
                        + "and (owner is null or lease_until < clock_timestamp()) order by shard limit ? "
                        + "for update skip locked) free "
                        + "where s.location = free.location and s.shard = free.shard returning s.shard",
                node.value(), lease.toMillis(), location.value(), count));
    }

    @Override
    public void release(NodeId node, Location location, Set<Integer> shards) {
        if (shards.isEmpty()) {
            return;
        }
        dsl.execute("update cluster_shard set owner = null, lease_until = null "
                        + "where location = ? and owner = ? and shard = any(?)",
                location.value(), node.value(), shards.toArray(Integer[]::new));
    }

    @Override
    public void leave(NodeId node, Location location) {
        dsl.transaction(tx -> {
            tx.dsl().execute("update cluster_shard set owner = null, lease_until = null where owner = ?", node.value());
            tx.dsl().execute("delete from cluster_node where node_id = ?", node.value());
        });
    }

    private static Set<Integer> shards(org.jooq.Result<Record> rows) {
        Set<Integer> shards = new HashSet<>();
        rows.forEach(row -> shards.add(row.get(0, Integer.class)));
        return shards;
    }

    private static ClusterNode node(Record row) {
        return new ClusterNode(NodeId.of(row.get(0, String.class)), Location.of(row.get(1, String.class)),
                row.get(2, OffsetDateTime.class).toInstant(), row.get(3, Integer.class));
    }
}
