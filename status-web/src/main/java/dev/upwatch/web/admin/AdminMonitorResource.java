package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.auth.AccessFilter;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.definition.CheckOnce;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.DefinitionRefused;
import dev.upwatch.core.definition.MonitorDefinitions;
import dev.upwatch.core.model.Monitor;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/monitors}: lists every monitor with its owner, and creates, replaces and deletes the monitors
 * of the API. Changes take effect at once. Monitors of the configuration file are read-only here (409).
 */
@Path("/api/v1/admin/monitors")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminMonitorResource {
    private final MonitorDefinitions directory;
    private final UpwatchEngine engine;
    private final ObjectMapper json;
    private final IncidentService incidents;
    private final CheckOnce checkOnce;

    @Inject
    AdminMonitorResource(MonitorDefinitions directory, UpwatchEngine engine, ObjectMapper json,
                         IncidentService incidents, CheckOnce checkOnce) {
        this.checkOnce = Objects.requireNonNull(checkOnce, "checkOnce");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.json = Objects.requireNonNull(json, "json");
    }

    @GET
    public AdminMonitorsJson list() {
        return new AdminMonitorsJson(directory.list().stream()
                .map(m -> AdminAnswers.monitor(m, engine.statusQuery(), json)).toList());
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return directory.find(id).map(m -> Response.ok(AdminAnswers.monitor(m, engine.statusQuery(), json)).build())
                .orElseGet(() -> AdminAnswers.problem(404, "no monitor has the id '" + id + "'"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return answer(() -> {
            Defined<Monitor> created = directory.create(RequestBody.object(json, body));
            return Response.created(URI.create("/api/v1/admin/monitors/" + created.id()))
                    .entity(AdminAnswers.monitor(created, engine.statusQuery(), json)).build();
        });
    }

    /**
     * "Check now": checks the definition in the body once, unsaved, through the engine's probe environment; 400 for
     * an invalid one, 409 for a type that cannot be checked on demand.
     */
    @POST
    @Path("check")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response check(@jakarta.ws.rs.QueryParam("replacing") String replacing, String body) {
        return answer(() -> Response.ok(MonitorCheckJson.of(checkOnce.check(RequestBody.object(json, body),
                Optional.ofNullable(replacing)))).build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, String body) {
        return answer(() -> Response.ok(AdminAnswers.monitor(directory.replace(id, RequestBody.object(json, body)),
                engine.statusQuery(), json)).build());
    }

    /** Pauses an API monitor: no checks until it is resumed; the pause is stored with its definition. */
    @POST
    @Path("{id}/pause")
    public Response pause(@PathParam("id") String id) {
        return answer(() -> Response.ok(AdminAnswers.monitor(directory.pause(id, true), engine.statusQuery(), json))
                .build());
    }

    /** Resumes a paused API monitor: it is checked again on its usual schedule. */
    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") String id) {
        return answer(() -> Response.ok(AdminAnswers.monitor(directory.pause(id, false), engine.statusQuery(), json))
                .build());
    }

    /**
     * Acknowledges the monitor's outage: its open incident records who (the caller's token name, or {@code by} in the
     * body) and when, with an optional {@code message}; reminders about it stop. 409 when it has no open incident.
     */
    @POST
    @Path("{id}/acknowledge")
    public Response acknowledge(@PathParam("id") String id, @Context HttpServletRequest request, String body) {
        return answer(() -> {
            Defined<Monitor> monitor = directory.find(id).orElseThrow(() ->
                    new java.util.NoSuchElementException("no monitor has the id '" + id + "'"));
            Map<String, Object> given = body == null || body.isBlank() ? Map.of() : RequestBody.object(json, body);
            List<FieldProblem> problems = new java.util.ArrayList<>();
            given.keySet().stream().filter(key -> !key.equals("by") && !key.equals("message")).sorted()
                    .forEach(key -> problems.add(new FieldProblem(key, "unknown key; an acknowledgement has by and message")));
            Object by = given.getOrDefault("by", request.getAttribute(AccessFilter.CALLER));
            Object message = given.get("message");
            if (!(by instanceof String)) {
                problems.add(new FieldProblem("by", "who acknowledges: text of 1 to 200 characters"));
            }
            if (message != null && !(message instanceof String)) {
                problems.add(new FieldProblem("message", "text of 1 to 1000 characters"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidRequest(problems);
            }
            try {
                return Response.ok(AdminAnswers.incident(incidents.acknowledge(monitor.value().id(), (String) by,
                        Optional.ofNullable((String) message)))).build();
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest(List.of(new FieldProblem(e.getMessage().startsWith("by") ? "by" : "message",
                        e.getMessage())));
            } catch (java.util.NoSuchElementException e) {
                throw new AdminConflict(e.getMessage());
            }
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return answer(() -> {
            directory.delete(id);
            return Response.noContent().build();
        });
    }

    /** Runs a change and turns its refusals into problem answers. */
    static Response answer(Supplier<Response> change) {
        try {
            return change.get();
        } catch (InvalidRequest e) {
            return AdminAnswers.invalid(e.problems());
        } catch (InvalidConfigException e) {
            return AdminAnswers.invalid(FieldProblem.of(e));
        } catch (DefinitionRefused | AdminConflict e) {
            return AdminAnswers.problem(409, e.getMessage());
        } catch (NoSuchElementException e) {
            return AdminAnswers.problem(404, e.getMessage());
        } catch (IllegalStateException e) {
            return AdminAnswers.problem(503, e.getMessage());
        }
    }
}
