package dev.upwatch.web.cluster;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/cluster} (operators: an API token): the live nodes with their location, last heartbeat and shards
 * held, as this node saw them at its last renewal; {@code "clustered": false} and no nodes for a process alone.
 */
@Path("/api/v1/cluster")
public final class ClusterResource {
    private final ClusterMembership membership;

    @Inject
    public ClusterResource(ClusterMembership membership) {
        this.membership = Objects.requireNonNull(membership, "membership");
    }

    /** The nodes. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response nodes() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        ClusterJson body = new ClusterJson(membership.leases().isPresent(),
                membership.leases().map(l -> l.self().value()).orElse(null),
                membership.nodes().stream().map(node -> new NodeJson(node.id().value(), node.location().value(),
                        node.heartbeat().toString(), node.shards())).toList());
        return Response.ok(body).cacheControl(noStore).build();
    }

    /**
     * The cluster as one node sees it.
     *
     * @param clustered whether this process is a node of a cluster
     * @param self      this node's id; null alone
     * @param nodes     the live nodes, by id
     */
    public record ClusterJson(boolean clustered, String self, List<NodeJson> nodes) {
    }

    /**
     * One live node.
     *
     * @param id        its {@code cluster.node-id}
     * @param location  its {@code cluster.location}
     * @param heartbeat its last heartbeat, ISO-8601 UTC (database time)
     * @param shards    how many of its location's shards of monitors it holds
     */
    public record NodeJson(String id, String location, String heartbeat, int shards) {
    }
}
