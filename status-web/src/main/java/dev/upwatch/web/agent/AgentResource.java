package dev.upwatch.web.agent;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.service.AgentIntake;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.api.ProblemJson;
import dev.upwatch.web.auth.AccessFilter;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote agent's routes (an agent token, bound to a location): {@code GET /api/v1/agent/assignment} — the monitors
 * whose {@code locations} name the agent's location, with a strong ETag, so an unchanged assignment is a 304 — and
 * {@code POST /api/v1/agent/results} — a signed batch of results ({@link BatchSignature}), refused when unsigned,
 * altered, out of its time window or replayed, and taken in once each ({@link AgentIntake}). Every refusal is an
 * {@code application/problem+json} naming the header, parameter or field.
 */
@Path("/api/v1/agent")
public final class AgentResource {
    private final AgentDirectory directory;
    private final UpwatchEngine engine;
    private final AgentIntake intake;
    private final SeenBatches seen;
    private final Clock clock;

    @Inject
    AgentResource(AgentDirectory directory, UpwatchEngine engine, AgentIntake intake, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seen = new SeenBatches(clock, BatchSignature.TOLERANCE);
    }

    /** The agent's assignment; 304 when {@code If-None-Match} names the current one. */
    @GET
    @Path("assignment")
    @Produces(MediaType.APPLICATION_JSON)
    public Response assignment(@QueryParam("location") String location, @Context HttpServletRequest http,
                               @Context Request request) {
        Agent agent;
        try {
            agent = agent(http, location);
        } catch (Refused refused) {
            return refused.answer;
        }
        directory.contacted(agent, clock.instant());
        List<AgentWire.MonitorJson> monitors = engine.monitors().stream()
                .filter(m -> m.placement().locations().contains(agent.location()))
                .map(AgentWire::monitor).toList();
        byte[] body = AgentWire.bytes(new AgentWire.AssignmentJson(agent.location().value(), monitors));
        EntityTag tag = new EntityTag(HexFormat.of().formatHex(sha256(body), 0, 16));
        CacheControl noCache = new CacheControl();
        noCache.setNoCache(true);
        noCache.setPrivate(true);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.cacheControl(noCache).build();
        }
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).tag(tag).cacheControl(noCache).build();
    }

    /** Takes in a signed batch; answers the agent's new high-water mark. */
    @POST
    @Path("results")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response results(byte[] body, @QueryParam("location") String location,
                            @HeaderParam("Authorization") String authorization,
                            @HeaderParam(BatchSignature.ID) String id,
                            @HeaderParam(BatchSignature.TIMESTAMP) String timestamp,
                            @HeaderParam(BatchSignature.SIGNATURE) String signature,
                            @Context HttpServletRequest http) {
        Agent agent;
        try {
            agent = agent(http, location);
        } catch (Refused refused) {
            return refused.answer;
        }
        for (String[] header : new String[][] {{BatchSignature.ID, id}, {BatchSignature.TIMESTAMP, timestamp},
                {BatchSignature.SIGNATURE, signature}}) {
            if (header[1] == null || header[1].isBlank()) {
                return problem(401, "Unauthorized", header[0] + ": header is required (batches are signed)");
            }
        }
        if (id.length() > 100) {
            return problem(400, "Bad Request", BatchSignature.ID + ": at most 100 characters");
        }
        String secret = authorization.strip().substring("Bearer ".length()).strip();
        byte[] bytes = body == null ? new byte[0] : body;
        if (!BatchSignature.forToken(secret).verify(id, timestamp, bytes, signature, clock.instant())) {
            return problem(401, "Unauthorized", BatchSignature.SIGNATURE + ": does not match the body, or "
                    + BatchSignature.TIMESTAMP + " is more than " + BatchSignature.TOLERANCE.toMinutes()
                    + " minutes from the server's clock");
        }
        if (!seen.first(agent.tokenId(), id)) {
            return problem(409, "Conflict", BatchSignature.ID + ": batch " + id
                    + " was received already (a replay); a batch sent again needs a new id and signature");
        }
        List<AgentIntake.Result> results;
        try {
            results = AgentWire.results(bytes);
        } catch (AgentWire.WireException e) {
            return problem(400, "Bad Request", e.getMessage());
        }
        AgentIntake.Receipt receipt = intake.accept(agent.tokenId(), results);
        directory.contacted(agent, clock.instant());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new AgentWire.ReceiptJson(receipt.acknowledged(), receipt.applied(), receipt.repeated(),
                receipt.unassigned())).cacheControl(noStore).build();
    }

    /** The agent the filter let in, whose location is {@code location}. */
    private Agent agent(HttpServletRequest http, String location) throws Refused {
        String tokenId = (String) http.getAttribute(AccessFilter.AGENT_TOKEN);
        Optional<Agent> agent = tokenId == null ? Optional.empty() : directory.find(tokenId);
        if (agent.isEmpty()) {
            throw new Refused(problem(403, "Forbidden", "this agent token is bound to no location; make one with"
                    + " 'token create --scope agent --location LOCATION'"));
        }
        if (location == null || location.isBlank()) {
            throw new Refused(problem(400, "Bad Request", "location: is required (the agent's --location)"));
        }
        if (!location.equals(agent.get().location().value())) {
            throw new Refused(problem(403, "Forbidden", "location: this token is bound to location '"
                    + agent.get().location() + "', not '" + location + "'"));
        }
        return agent.get();
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type(ProblemJson.MEDIA_TYPE).entity(ProblemJson.of(status, title, detail)).build();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** A request refused before any work, with its answer. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Response answer;

        Refused(Response answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

}
