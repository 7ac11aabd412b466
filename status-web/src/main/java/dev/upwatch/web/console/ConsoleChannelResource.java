package dev.upwatch.web.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.definition.ChannelDefinitions;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.DefinitionRefused;
import dev.upwatch.core.definition.Owner;
import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.ChannelTrial;
import dev.upwatch.notify.ChannelType;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.web.admin.ChannelMask;
import dev.upwatch.web.admin.FieldProblem;
import dev.upwatch.web.auth.ConsoleUser;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console's notification channels ({@code /admin/channels}, admins change): every channel with its owner; create,
 * edit and delete those of the API; "Send test" through the notifier's channel trial, showing the receiver's answer;
 * each channel's delivery log. Writes go through {@link ChannelDefinitions}, the admin API's and the file's rules;
 * secrets and URL paths are shown masked ({@link ChannelMask}) and a mask sent back keeps the stored value.
 */
@Path("/admin/channels")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleChannelResource {
    /** The form's fields, in the definition's keys; the list-valued ones are comma-separated in the form. */
    static final List<String> FIELDS = List.of("id", "type", "url", "events", "monitors", "groups", "remind-every",
            "certificate-warning", "flap-limit", "flap-window", "template", "secret", "bot-token", "chat-id", "from",
            "to", "username", "password");
    static final List<String> LISTS = List.of("events", "monitors", "groups", "to");
    /** Delivery attempts read to find one channel's, newest first. */
    static final int LOG_READ = 2_000;
    /** Delivery attempts shown per channel. */
    static final int LOG_ROWS = 100;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ChannelDefinitions<ChannelSettings> channels;
    private final WebhookNotifier notifier;
    private final OutboxStore outbox;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    ConsoleChannelResource(ChannelDefinitions<ChannelSettings> channels, WebhookNotifier notifier, OutboxStore outbox,
                           ObjectMapper json, Clock clock) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every channel, the file's first, and the form that creates one. */
    @GET
    public Response list(@Context HttpServletRequest request) {
        return listPage(request, 200, ConsoleForm.of(Map.of("type", "webhook"), Map.of()));
    }

    /** Creates a channel from the form. */
    @POST
    public Response create(@Context HttpServletRequest request) {
        Map<String, String> values = values(request);
        ConsoleForm form = ConsoleForm.of(values, Map.of());
        try {
            Defined<ChannelSettings> created = channels.create(definition(values));
            return Response.seeOther(URI.create(link(created.id()))).build();
        } catch (RuntimeException e) {
            return refusal(e, form).map(refused -> listPage(request, 400, refused)).orElseThrow(() -> e);
        }
    }

    /** One channel: its settings (masked), the edit form for the API's, "Send test" and its delivery log. */
    @GET
    @Path("{id}")
    public Response show(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<ChannelSettings> channel = find(id);
        return channelPage(request, 200, channel, editForm(channel), Optional.empty());
    }

    /** Replaces an API channel's definition; masked secrets sent back keep their stored values. */
    @POST
    @Path("{id}")
    public Response edit(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<ChannelSettings> channel = find(id);
        Map<String, String> values = values(request);
        values.put("id", id);
        ConsoleForm form = ConsoleForm.of(values, Map.of());
        try {
            channels.replace(id, definition(values));
            return Response.seeOther(URI.create(link(id))).build();
        } catch (RuntimeException e) {
            return refusal(e, form).map(refused -> channelPage(request, 400, channel, refused, Optional.empty()))
                    .orElseThrow(() -> e);
        }
    }

    /** Deletes an API channel (the form asks for confirmation by a checkbox). */
    @POST
    @Path("{id}/delete")
    public Response delete(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<ChannelSettings> channel = find(id);
        if (!"yes".equals(request.getParameter("confirm"))) {
            return channelPage(request, 400, channel, editForm(channel).refused(
                    "Tick \"Yes, delete this channel\" to delete it."), Optional.empty());
        }
        try {
            channels.delete(id);
            return Response.seeOther(URI.create("/admin/channels")).build();
        } catch (DefinitionRefused | NoSuchElementException e) {
            return channelPage(request, 409, channel, editForm(channel).refused(e.getMessage()), Optional.empty());
        }
    }

    /** Sends a test event now and shows the receiver's answer (status, excerpt, time); nothing is stored or retried. */
    @POST
    @Path("{id}/test")
    public Response test(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<ChannelSettings> channel = find(id);
        ChannelTrial trial = notifier.test(id).join();
        var code = trial.result().statusCode();
        ChannelViews.Trial shown = new ChannelViews.Trial(trial.delivered(),
                code.isPresent() ? Integer.toString(code.getAsInt()) : "", trial.problem().orElse(""), trial.answer(),
                trial.duration().toMillis(), SHOWN.format(clock.instant()));
        return channelPage(request, 200, channel, editForm(channel), Optional.of(shown));
    }

    /**
     * Sends a given-up message of the channel again through the outbox ({@code message}: its id), with a fresh set
     * of attempts; the delivery log shows how it goes.
     */
    @POST
    @Path("{id}/replay")
    public Response replay(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<ChannelSettings> channel = find(id);
        String message = Objects.requireNonNullElse(request.getParameter("message"), "").strip();
        if (notifier.replay(id, message)) {
            return channelPage(request, 200, channel, editForm(channel), Optional.empty(),
                    "Message " + message + " is queued again; the delivery log shows its new attempts.");
        }
        return channelPage(request, 409, channel, editForm(channel), Optional.empty(), "Message " + message
                + " was not replayed: it is not a given-up message of this channel (or the channel is disabled).");
    }

    private Defined<ChannelSettings> find(String id) {
        return channels.find(id).orElseThrow(NotFoundException::new);
    }

    private static Optional<ConsoleForm> refusal(RuntimeException e, ConsoleForm form) {
        if (e instanceof InvalidConfigException invalid) {
            return Optional.of(form.refused(invalid.problems().stream()
                    .map(p -> new FieldProblem(p.key(), p.problem())).toList(), ConsoleChannelResource::field));
        }
        if (e instanceof DefinitionRefused || e instanceof NoSuchElementException) {
            return Optional.of(form.refused(e.getMessage()));
        }
        return Optional.empty();
    }

    /** The form field of a definition key: {@code events[1]} → events. */
    static String field(String key) {
        int cut = key.indexOf('[');
        return cut < 0 ? key : key.substring(0, cut);
    }

    /** The definition the form's values make: empty fields left out, lists split at commas. */
    static Map<String, Object> definition(Map<String, String> values) {
        Map<String, Object> definition = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = values.getOrDefault(field, "");
            if (value.isEmpty()) {
                continue;
            }
            definition.put(field, LISTS.contains(field)
                    ? Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList() : value);
        }
        return definition;
    }

    private Response listPage(HttpServletRequest request, int status, ConsoleForm form) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        List<ChannelViews.Row> rows = channels.list().stream().map(ConsoleChannelResource::row).toList();
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html("console/channels.ftlh",
                new ChannelViews.ListPage(ConsoleFrame.of(user, "Notification channels", "channels"), rows, types(), form)))
                .build();
    }

    private Response channelPage(HttpServletRequest request, int status, Defined<ChannelSettings> channel,
                                 ConsoleForm form, Optional<ChannelViews.Trial> trial) {
        return channelPage(request, status, channel, form, trial, "");
    }

    private Response channelPage(HttpServletRequest request, int status, Defined<ChannelSettings> channel,
                                 ConsoleForm form, Optional<ChannelViews.Trial> trial, String notice) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<ChannelViews.Delivery> log = outbox.deliveries(LOG_READ).stream()
                .filter(attempt -> attempt.channel().equals(channel.id())).limit(LOG_ROWS)
                .map(attempt -> delivery(attempt, seen.add(attempt.messageId())
                        && attempt.outcome() == dev.upwatch.core.model.DeliveryState.DEAD)).toList();
        Map<String, Object> shown = shown(channel);
        List<ChannelViews.Setting> settings = shown.entrySet().stream()
                .map(e -> new ChannelViews.Setting(e.getKey(), text(e.getValue()))).toList();
        String readOnly = channel.owner() == Owner.API ? ""
                : "Read-only here: " + channel.origin().describe() + "; change it there and reload.";
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html("console/channel.ftlh",
                new ChannelViews.OnePage(ConsoleFrame.of(user, "Channel " + channel.id(), "channels"), row(channel),
                        settings, readOnly, types(), form, trial, log, notice))).build();
    }

    /** What the console shows of a channel: the stored definition, masked; the file's, from its settings. */
    private Map<String, Object> shown(Defined<ChannelSettings> channel) {
        if (channel.stored().isPresent()) {
            try {
                return ChannelMask.masked(json.readValue(channel.stored().get().document(), OBJECT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ChannelSettings settings = channel.value();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", settings.id());
        shown.put("type", settings.type().configName());
        shown.put("url", settings.url().toString());
        shown.put("events", settings.events().stream().map(dev.upwatch.notify.EventType::configName).toList());
        settings.secret().ifPresent(secret -> shown.put("secret", secret));
        return ChannelMask.masked(shown);
    }

    private ConsoleForm editForm(Defined<ChannelSettings> channel) {
        Map<String, String> values = new LinkedHashMap<>();
        shown(channel).forEach((key, value) -> values.put(key, text(value)));
        return ConsoleForm.of(values, Map.of());
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }

    private static List<ConsoleForm.Choice> types() {
        return Arrays.stream(ChannelType.values()).map(t -> new ConsoleForm.Choice(t.configName(), t.configName()))
                .toList();
    }

    private static ChannelViews.Row row(Defined<ChannelSettings> channel) {
        return new ChannelViews.Row(channel.id(), link(channel.id()), channel.value().type().configName(),
                ChannelMask.url(channel.value().url().toString()), channel.owner().wireName(),
                channel.origin().describe());
    }

    private static ChannelViews.Delivery delivery(DeliveryAttempt attempt, boolean replayable) {
        return new ChannelViews.Delivery(attempt.messageId(), attempt.eventType(), attempt.attempt(),
                SHOWN.format(attempt.at()), attempt.at().toString(),
                attempt.statusCode().isPresent() ? Integer.toString(attempt.statusCode().getAsInt()) : "",
                attempt.latency().toMillis(), attempt.error().orElse(""),
                attempt.outcome().name().toLowerCase(Locale.ROOT), replayable);
    }

    static String link(String id) {
        return "/admin/channels/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private static Map<String, String> values(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            values.put(field, Objects.requireNonNullElse(request.getParameter(field), "").strip());
        }
        return values;
    }
}
