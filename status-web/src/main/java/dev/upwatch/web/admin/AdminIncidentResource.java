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
    /** Longest update message, in characters. */
    static final int MAX_MESSAGE = 4_000;

    private final IncidentService incidents;
    private final MonitorCatalog directory;
    private final ConfigLoader loader;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    AdminIncidentResource(IncidentService incidents, MonitorCatalog directory, ConfigLoader loader, ObjectMapper json,
                          Clock clock) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.loader = Objects.requireNonNull(loader, "loader");
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
            String now = now().toString();
            definition.putIfAbsent("starts", now);
            if (definition.get("updates") instanceof List<?> updates) {
                List<Object> stamped = new ArrayList<>();
                for (Object update : updates) {
                    if (update instanceof Map<?, ?> map && !map.containsKey("at")) {
                        Map<Object, Object> withAt = new LinkedHashMap<>(map);
                        withAt.put("at", now);
                        stamped.add(withAt);
                    } else {
                        stamped.add(update);
                    }
                }
                definition.put("updates", stamped);
            }
            Set<MonitorId> monitors = directory.monitors().stream().map(Monitor::id).collect(Collectors.toSet());
            Incident incident = loader.readIncident(definition, monitors, "request");
            boolean existed = find(id).isPresent();
            write(incident);
            Response.ResponseBuilder answer = existed ? Response.ok()
                    : Response.created(URI.create("/api/v1/admin/incidents/" + id));
            return answer.entity(AdminAnswers.incident(incident)).build();
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
        return AdminMonitorResource.answer(() -> {
            Map<String, Object> update = RequestBody.object(json, body);
            List<FieldProblem> problems = new ArrayList<>();
            update.keySet().stream().filter(key -> !key.equals("state") && !key.equals("message"))
                    .forEach(key -> problems.add(new FieldProblem(key, "unknown key; expected message, state")));
            IncidentState state = null;
            try {
                state = IncidentState.valueOf(String.valueOf(update.get("state")).trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("state", "must be one of investigating, identified, monitoring, resolved"));
            }
            String message = update.get("message") instanceof String text ? text.strip() : "";
            if (message.isEmpty() || message.length() > MAX_MESSAGE) {
                problems.add(new FieldProblem("message", "is required, 1 to " + MAX_MESSAGE + " characters"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidRequest(problems);
            }
            Incident incident = find(id).orElseThrow(() -> new NoSuchElementException("no incident has the id '" + id + "'"));
            Instant now = now();
            if (!incident.isActiveAt(now)) {
                throw new AdminConflict("incident " + id + " is resolved; its timeline is closed");
            }
            Instant at = now.isBefore(incident.startedAt()) ? incident.startedAt() : now;
            Incident next = state == IncidentState.RESOLVED ? incident.resolved(at, message)
                    : incident.withUpdate(new IncidentUpdate(at, state, message));
            write(next);
            return Response.ok(AdminAnswers.incident(next)).build();
        });
    }

    private Optional<Incident> find(String id) {
        try {
            return incidents.find(IncidentId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void write(Incident incident) {
        try {
            incidents.write(incident);
        } catch (IllegalArgumentException e) {
            throw new AdminConflict(e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
