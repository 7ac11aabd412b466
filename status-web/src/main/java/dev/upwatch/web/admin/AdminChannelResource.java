package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.definition.ChannelDefinitions;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.notify.ChannelSettings;
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
import java.util.Objects;

/**
 * {@code /api/v1/admin/notifications}: lists every notification channel with its owner, and creates, replaces and
 * deletes the channels of the API; changes are in force for the next event. Channels of the configuration file are
 * read-only here (409). Secrets and URL paths are masked in every answer.
 */
@Path("/api/v1/admin/notifications")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminChannelResource {
    private final ChannelDefinitions<ChannelSettings> directory;
    /** Sends channel tests. */
    private final dev.upwatch.notify.WebhookNotifier notifier;
    private final ObjectMapper json;

    @Inject
    AdminChannelResource(ChannelDefinitions<ChannelSettings> directory, ObjectMapper json,
                         dev.upwatch.notify.WebhookNotifier notifier) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.json = Objects.requireNonNull(json, "json");
    }

    @GET
    public AdminChannelJson.ListJson list() {
        return new AdminChannelJson.ListJson(directory.list().stream().map(c -> AdminAnswers.channel(c, json)).toList());
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return directory.find(id).map(c -> Response.ok(AdminAnswers.channel(c, json)).build())
                .orElseGet(() -> AdminAnswers.problem(404, "no notification channel has the id '" + id + "'"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        return AdminMonitorResource.answer(() -> {
            Defined<ChannelSettings> created = directory.create(RequestBody.object(json, body));
            return Response.created(URI.create("/api/v1/admin/notifications/" + created.id()))
                    .entity(AdminAnswers.channel(created, json)).build();
        });
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, String body) {
        return AdminMonitorResource.answer(() -> Response.ok(AdminAnswers.channel(
                directory.replace(id, RequestBody.object(json, body)), json)).build());
    }

    /**
     * Sends a test event to the channel now and answers with the receiver's answer: {@code delivered}, the HTTP
     * {@code status}, the {@code problem} when refused, the first KiB of its {@code answer} and {@code durationMs}.
     * Nothing is stored or retried. Also at {@code /api/v1/admin/channels/{id}/test}.
     */
    @POST
    @Path("{id}/test")
    public Response test(@PathParam("id") String id) {
        return AdminMonitorResource.answer(() -> Response.ok(ChannelTrialJson.of(notifier.test(id).join())).build());
    }

    /** {@code /api/v1/admin/channels}: the channels under the name the issue tracker and other tools use. */
    @Path("/api/v1/admin/channels")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Channels {
        private final dev.upwatch.notify.WebhookNotifier notifier;

        @Inject
        Channels(dev.upwatch.notify.WebhookNotifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
        }

        /** The same test as {@code POST /api/v1/admin/notifications/{id}/test}. */
        @POST
        @Path("{id}/test")
        public Response test(@PathParam("id") String id) {
            return AdminMonitorResource.answer(() -> Response.ok(ChannelTrialJson.of(notifier.test(id).join())).build());
        }
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
