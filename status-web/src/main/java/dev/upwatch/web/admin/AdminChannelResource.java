package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.definition.ChannelDefinitions;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.MessageTemplate;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * Renders the channel's message template — or the {@code template} of the body, a JSON object, when given — for
     * a sample DOWN event and answers {@code {"channel":…,"text":…}} with the text it would send, its values escaped
     * for the channel's markup. Nothing is sent. A bad template, or none at all, is a 400 naming {@code template}.
     * Also at {@code /api/v1/admin/channels/{id}/preview}.
     */
    @POST
    @Path("{id}/preview")
    public Response preview(@PathParam("id") String id, String body) {
        return preview(notifier, json, id, body);
    }

    static Response preview(dev.upwatch.notify.WebhookNotifier notifier, ObjectMapper json, String id, String body) {
        return AdminMonitorResource.answer(() -> {
            Optional<MessageTemplate> given = Optional.empty();
            if (body != null && !body.isBlank()) {
                Object text = RequestBody.object(json, body).get("template");
                if (text != null && !(text instanceof String)) {
                    throw new InvalidRequest(List.of(new FieldProblem("template", "must be text")));
                }
                given = Optional.ofNullable((String) text).map(AdminChannelResource::template);
            }
            try {
                return Response.ok(new PreviewJson(id, notifier.preview(id, given))).build();
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest(List.of(new FieldProblem("template", e.getMessage())));
            }
        });
    }

    private static MessageTemplate template(String text) {
        try {
            return MessageTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(List.of(new FieldProblem("template", e.getMessage())));
        }
    }

    /** A preview: the channel and the text it would send. */
    public record PreviewJson(String channel, String text) {
    }

    /** {@code /api/v1/admin/channels}: the channels under the name the issue tracker and other tools use. */
    @Path("/api/v1/admin/channels")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Channels {
        private final dev.upwatch.notify.WebhookNotifier notifier;
        private final ObjectMapper json;

        @Inject
        Channels(dev.upwatch.notify.WebhookNotifier notifier, ObjectMapper json) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            this.json = Objects.requireNonNull(json, "json");
        }

        /** The same preview as {@code POST /api/v1/admin/notifications/{id}/preview}. */
        @POST
        @Path("{id}/preview")
        public Response preview(@PathParam("id") String id, String body) {
            return AdminChannelResource.preview(notifier, json, id, body);
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
