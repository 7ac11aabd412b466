package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.web.config.ConfigLoader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/admin/incidents}: manual incidents and maintenance notices with their update timeline, written with
 * the same keys and rules as the configuration file's {@code incidents} (where {@code starts} and an update's
 * {@code at} default to now). Incidents of the file and automatic ones are read-only here.
 */
@Path("/api/v1/admin/incidents")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminIncidentResource {
    private final IncidentService incidents;
    private final IncidentEditor editor;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    AdminIncidentResource(IncidentService incidents, IncidentEditor editor, ObjectMapper json, Clock clock) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.editor = Objects.requireNonNull(editor, "editor");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Most incidents one list answers. */
    static final int MAX_LIMIT = 500;
    /** How far back the list looks, in days. */
    static final int LIST_DAYS = 366;

    /**
     * Incidents of every kind (automatic, manual, maintenance notices; active and resolved; of public and private
     * monitors) that overlap the last {@value #LIST_DAYS} days or lie ahead, newest start first, at most
     * {@code limit} (1–{@value #MAX_LIMIT}, default 100). Bounded in time so the store never reads all history.
     */
    @GET
    public Response list(@QueryParam("limit") @DefaultValue("100") String limit) {
        int count;
        try {
            count = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > MAX_LIMIT) {
            return AdminAnswers.invalid(List.of(new FieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
        }
        Instant now = clock.instant();
        List<Incident> all = incidents.between(now.minus(java.time.Duration.ofDays(LIST_DAYS)),
                now.plus(java.time.Duration.ofDays(LIST_DAYS)));
        return Response.ok(new AdminIncidentsJson(all.stream().limit(count).map(AdminAnswers::incident).toList())).build();
    }

    /** One incident, whatever its kind and whichever monitors it affects. */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return find(id).map(incident -> Response.ok(AdminAnswers.incident(incident)).build())
                .orElseGet(() -> AdminAnswers.problem(404, "no incident has the id '" + id + "'"));
    }

    /** Creates (201) or replaces (200) a manual incident or maintenance notice, with its whole timeline. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, String body) {
        return AdminMonitorResource.answer(() -> {
            Map<String, Object> definition = new LinkedHashMap<>(RequestBody.object(json, body));
            Object given = definition.putIfAbsent("id", id);
            if (given != null && !id.equals(given)) {
                throw new AdminConflict("the body's id '" + given + "' differs from the path's id '" + id + "'");
            }
            IncidentEditor.Written written = editor.put(definition);
            Response.ResponseBuilder answer = written.created()
                    ? Response.created(URI.create("/api/v1/admin/incidents/" + id)) : Response.ok();
            return answer.entity(AdminAnswers.incident(written.incident())).build();
        });
    }

    /**
     * Appends one update to the timeline: {@code {"state": "monitoring", "message": "..."}}, posted now. The state
     * {@code resolved} resolves the incident now.
     */
    @POST
    @Path("{id}/updates")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, String body) {
        return AdminMonitorResource.answer(
                () -> Response.ok(AdminAnswers.incident(editor.post(id, RequestBody.object(json, body)))).build());
    }

    private Optional<Incident> find(String id) {
        return editor.find(id);
    }
}
