package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.MaintenanceDefinitions;
import dev.upwatch.core.model.MaintenanceWindow;
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
import java.time.Clock;
import java.util.Objects;

/**
 * {@code /api/v1/admin/maintenance}: lists every maintenance window with its owner, and creates, replaces and deletes
 * the windows of the API; changes are in force at once. Windows of the configuration file are read-only here (409).
 */
@Path("/api/v1/admin/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminMaintenanceResource {
    private final MaintenanceDefinitions directory;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    AdminMaintenanceResource(MaintenanceDefinitions directory, ObjectMapper json, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @GET
    public AdminMaintenanceJson.ListJson list() {
        return new AdminMaintenanceJson.ListJson(directory.list().stream()
                .map(w -> AdminAnswers.maintenance(w, clock.instant(), json)).toList());
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return directory.find(id).map(w -> Response.ok(AdminAnswers.maintenance(w, clock.instant(), json)).build())
                .orElseGet(() -> AdminAnswers.problem(404, "no maintenance window has the id '" + id + "'"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return AdminMonitorResource.answer(() -> {
            Defined<MaintenanceWindow> created = directory.create(RequestBody.object(json, body));
            return Response.created(URI.create("/api/v1/admin/maintenance/" + created.id()))
                    .entity(AdminAnswers.maintenance(created, clock.instant(), json)).build();
        });
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, String body) {
        return AdminMonitorResource.answer(() -> Response.ok(AdminAnswers.maintenance(
                directory.replace(id, RequestBody.object(json, body)), clock.instant(), json)).build());
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return AdminMonitorResource.answer(() -> {
            directory.delete(id);
            return Response.noContent().build();
        });
    }
}
