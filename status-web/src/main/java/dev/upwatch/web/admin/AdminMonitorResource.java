package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.config.ConfigException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
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
    private final MonitorDirectory directory;
    private final UpwatchEngine engine;
    private final ObjectMapper json;

    @Inject
    AdminMonitorResource(MonitorDirectory directory, UpwatchEngine engine, ObjectMapper json) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.json = Objects.requireNonNull(json, "json");
    }

    @GET
    public AdminMonitorsJson list() {
        return new AdminMonitorsJson(directory.managed().stream()
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
            ManagedMonitor created = directory.create(RequestBody.object(json, body));
            return Response.created(URI.create("/api/v1/admin/monitors/" + created.monitor().id().value()))
                    .entity(AdminAnswers.monitor(created, engine.statusQuery(), json)).build();
        });
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
        } catch (ConfigException e) {
            return AdminAnswers.invalid(FieldProblem.of(e));
        } catch (AdminConflict e) {
            return AdminAnswers.problem(409, e.getMessage());
        } catch (NoSuchElementException e) {
            return AdminAnswers.problem(404, e.getMessage());
        } catch (IllegalStateException e) {
            return AdminAnswers.problem(503, e.getMessage());
        }
    }
}
