package dev.upwatch.web.agent;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/cluster/agents} (operators: an API token): the remote agents with their location, last contact and
 * how many results were taken in from them.
 */
@Path("/api/v1/cluster/agents")
public final class AgentsResource {
    private final AgentDirectory directory;

    @Inject
    AgentsResource(AgentDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The agents. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response agents() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new AgentsJson(directory.list().stream().map(agent -> new AgentJson(agent.tokenId(),
                agent.location().value(), agent.lastContact().map(Instant::toString).orElse(null),
                agent.acknowledged())).toList())).cacheControl(noStore).build();
    }

    /** The agents, by token id. */
    public record AgentsJson(List<AgentJson> agents) {
    }

    /**
     * One agent.
     *
     * @param token        its token's id
     * @param location     the location it checks from
     * @param lastContact  its last assignment fetch or delivery, ISO-8601 UTC; null before the first
     * @param acknowledged the sequence number of the last result taken in from it
     */
    public record AgentJson(String token, String location, String lastContact, long acknowledged) {
    }
}
