package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.GroupDefinitions;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import java.util.Objects;

/**
 * {@code /api/v1/admin/groups}: lists the display groups (stored ones and those only named by monitors), and
 * creates, changes, renames and deletes stored groups; a group is addressed by its URL-encoded name. Changes show on
 * the page at once. See {@link GroupDefinitions} for what renaming and deleting do to the group's monitors.
 */
@Path("/api/v1/admin/groups")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminGroupResource {
    private final GroupDefinitions groups;
    private final ObjectMapper json;

    @Inject
    AdminGroupResource(GroupDefinitions groups, ObjectMapper json) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.json = Objects.requireNonNull(json, "json");
    }

    @GET
    public AdminGroupsJson list() {
        return new AdminGroupsJson(groups.list().stream().map(AdminGroupResource::group).toList());
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        return groups.find(name).map(g -> Response.ok(group(g)).build())
                .orElseGet(() -> AdminAnswers.problem(404, "no group is named '" + name + "'"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return AdminMonitorResource.answer(() -> {
            GroupDefinitions.ListedGroup created = groups.create(RequestBody.object(json, body));
            return Response.created(UriBuilder.fromPath("/api/v1/admin/groups/{name}").build(created.name()))
                    .entity(group(created)).build();
        });
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("name") String name, String body) {
        return AdminMonitorResource.answer(() ->
                Response.ok(group(groups.replace(name, RequestBody.object(json, body)))).build());
    }

    /** {@code ?monitors=ungroup} moves the group's API monitors to the default group; without it, a group with monitors is kept (409). */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @QueryParam("monitors") String monitors) {
        if (monitors != null && !monitors.equals("ungroup")) {
            return AdminAnswers.invalid(java.util.List.of(new FieldProblem("monitors",
                    "the only value is 'ungroup' (move the group's monitors to the default group)")));
        }
        return AdminMonitorResource.answer(() -> {
            groups.delete(name, monitors != null);
            return Response.noContent().build();
        });
    }

    private static AdminGroupsJson.GroupJson group(GroupDefinitions.ListedGroup group) {
        return new AdminGroupsJson.GroupJson(group.name(), group.stored().isPresent(),
                group.stored().map(g -> g.position()).orElse(null),
                group.stored().map(g -> g.description()).orElse(""),
                group.stored().map(g -> g.collapsed()).orElse(false),
                group.monitors().stream().map(Defined::id).toList());
    }
}
