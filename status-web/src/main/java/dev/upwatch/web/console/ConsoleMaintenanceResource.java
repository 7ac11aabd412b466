package dev.upwatch.web.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.DefinitionRefused;
import dev.upwatch.core.definition.MaintenanceDefinitions;
import dev.upwatch.core.definition.Owner;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;
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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's maintenance windows ({@code /admin/maintenance}, editors change): every window with its owner and next
 * opening; create, edit and delete (after a confirmation) the windows of the API, one-off or recurring (RRULE or
 * cron); "Preview" lists the next openings of the schedule entered before anything is saved. Every read and write goes
 * through the core's {@link MaintenanceDefinitions}, the admin API's and the file's rules; the console has none of its
 * own. {@code ConsoleGate} has checked the role and the CSRF proof before any of this runs.
 */
@Path("/admin/maintenance")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleMaintenanceResource {
    /** The form's text fields, in the definition's keys ({@code groups} comma-separated). */
    static final List<String> FIELDS = List.of("id", "title", "groups", "start", "end", "rrule", "cron", "duration",
            "timezone");
    /** Openings a preview lists. */
    static final int PREVIEW = 5;
    /** How far ahead each next opening is looked for: a rule that opens less often than yearly shows fewer. */
    static final Duration AHEAD = Duration.ofDays(366);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'",
            java.util.Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final MaintenanceDefinitions windows;
    private final MonitorCatalog catalog;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    ConsoleMaintenanceResource(MaintenanceDefinitions windows, MonitorCatalog catalog, ObjectMapper json, Clock clock) {
        this.windows = Objects.requireNonNull(windows, "windows");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every window, the file's first, and the form that creates one. */
    @GET
    public Response list(@Context HttpServletRequest request) {
        return listPage(request, 200, ConsoleForm.of(Map.of("duration", "1h", "timezone", "UTC"), Map.of()),
                Optional.empty());
    }

    /** Creates a window from the form, or ({@code action=preview}) shows its next openings without saving. */
    @POST
    public Response create(@Context HttpServletRequest request) {
        ConsoleForm form = form(request);
        try {
            if (previewing(request)) {
                return listPage(request, 200, form, Optional.of(preview(form)));
            }
            Defined<MaintenanceWindow> created = windows.create(definition(form));
            return Response.seeOther(URI.create(link(created.id()))).build();
        } catch (RuntimeException e) {
            return refusal(e, form).map(refused -> listPage(request, status(e), refused, Optional.empty()))
                    .orElseThrow(() -> e);
        }
    }

    /** One window: its schedule and next openings, and for the API's the forms that edit and delete it. */
    @GET
    @Path("{id}")
    public Response show(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<MaintenanceWindow> window = find(id);
        return windowPage(request, 200, window, editForm(window), Optional.empty());
    }

    /** Replaces an API window's definition, or ({@code action=preview}) shows the next openings of the form's. */
    @POST
    @Path("{id}")
    public Response edit(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<MaintenanceWindow> window = find(id);
        ConsoleForm form = form(request);
        try {
            if (previewing(request)) {
                return windowPage(request, 200, window, form, Optional.of(preview(form)));
            }
            windows.replace(id, definition(form));
            return Response.seeOther(URI.create(link(id))).build();
        } catch (RuntimeException e) {
            return refusal(e, form).map(refused -> windowPage(request, status(e), window, refused, Optional.empty()))
                    .orElseThrow(() -> e);
        }
    }

    /** Deletes an API window (the form asks for confirmation by a checkbox). */
    @POST
    @Path("{id}/delete")
    public Response delete(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<MaintenanceWindow> window = find(id);
        if (!"yes".equals(request.getParameter("confirm"))) {
            return windowPage(request, 400, window, editForm(window).refused(
                    "Tick \"Yes, delete this window\" to delete it."), Optional.empty());
        }
        try {
            windows.delete(id);
            return Response.seeOther(URI.create("/admin/maintenance")).build();
        } catch (DefinitionRefused | NoSuchElementException e) {
            return windowPage(request, 409, window, editForm(window).refused(e.getMessage()), Optional.empty());
        }
    }

    private static boolean previewing(HttpServletRequest request) {
        return "preview".equals(request.getParameter("action"));
    }

    /** The next openings of the form's window, read by the core's rules (a refusal propagates to the fields). */
    private List<MaintenanceViews.Opening> preview(ConsoleForm form) {
        return openings(windows.check(definition(form)), PREVIEW);
    }

    /** The opening in progress, then the next ones, at most {@code count}. */
    private List<MaintenanceViews.Opening> openings(MaintenanceWindow window, int count) {
        Instant now = clock.instant();
        List<MaintenanceWindow.Occurrence> found = new ArrayList<>();
        window.openAt(now).ifPresent(found::add);
        Instant cursor = found.isEmpty() ? now : found.getFirst().start();
        while (found.size() < count) {
            Optional<MaintenanceWindow.Occurrence> next = window.nextAfter(cursor, AHEAD);
            if (next.isEmpty()) {
                break;
            }
            found.add(next.get());
            cursor = next.get().start();
        }
        return found.stream().map(o -> new MaintenanceViews.Opening(SHOWN.format(o.start()), o.start().toString(),
                SHOWN.format(o.end()), o.end().toString(), o.isOpenAt(now))).toList();
    }

    private static Optional<ConsoleForm> refusal(RuntimeException e, ConsoleForm form) {
        if (e instanceof InvalidConfigException invalid) {
            return Optional.of(form.refused(invalid.problems().stream()
                    .map(p -> new FieldProblem(p.key(), p.problem())).toList(), ConsoleMaintenanceResource::field));
        }
        if (e instanceof DefinitionRefused || e instanceof NoSuchElementException) {
            return Optional.of(form.refused(e.getMessage()));
        }
        return Optional.empty();
    }

    /** 400 for invalid fields; 409 for a refusal of the whole form (a taken id, a window of the file). */
    private static int status(RuntimeException e) {
        return e instanceof InvalidConfigException ? 400 : 409;
    }

    /** The form field of a definition key: {@code monitors[1]} → monitors. */
    static String field(String key) {
        int cut = key.indexOf('[');
        return cut < 0 ? key : key.substring(0, cut);
    }

    /** The definition the form makes: empty fields left out, groups split at commas, monitors as ticked. */
    static Map<String, Object> definition(ConsoleForm form) {
        Map<String, Object> definition = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = form.value(field);
            if (value.isEmpty()) {
                continue;
            }
            definition.put(field, field.equals("groups")
                    ? Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList() : value);
        }
        Set<String> monitors = form.chosen().getOrDefault("monitors", Set.of());
        if (!monitors.isEmpty()) {
            definition.put("monitors", List.copyOf(monitors));
        }
        return definition;
    }

    private static ConsoleForm form(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            values.put(field, Objects.requireNonNullElse(request.getParameter(field), "").strip());
        }
        String[] ticked = request.getParameterValues("monitors");
        return ConsoleForm.of(values, Map.of("monitors",
                ticked == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(ticked))));
    }

    private Defined<MaintenanceWindow> find(String id) {
        return windows.find(id).orElseThrow(NotFoundException::new);
    }

    private Response listPage(HttpServletRequest request, int status, ConsoleForm form,
                              Optional<List<MaintenanceViews.Opening>> preview) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        List<MaintenanceViews.Row> rows = windows.list().stream().map(this::row).toList();
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html(
                "console/maintenance.ftlh", new MaintenanceViews.ListPage(ConsoleFrame.of(user, "Maintenance",
                        "maintenance"), rows, monitors(), form, preview))).build();
    }

    private Response windowPage(HttpServletRequest request, int status, Defined<MaintenanceWindow> window,
                                ConsoleForm form, Optional<List<MaintenanceViews.Opening>> preview) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        String readOnly = window.owner() == Owner.API ? ""
                : "Read-only here: " + window.origin().describe() + "; change it there and reload.";
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html(
                "console/maintenance-window.ftlh", new MaintenanceViews.OnePage(ConsoleFrame.of(user,
                        "Maintenance " + window.id(), "maintenance"), row(window),
                        openings(window.value(), PREVIEW), readOnly, monitors(), form, preview))).build();
    }

    private MaintenanceViews.Row row(Defined<MaintenanceWindow> defined) {
        MaintenanceWindow window = defined.value();
        List<MaintenanceViews.Opening> next = openings(window, 1);
        return new MaintenanceViews.Row(defined.id(), link(defined.id()), window.title(),
                window.monitors().stream().map(MonitorId::value).sorted().collect(Collectors.joining(", ")),
                window.starts().text(), DurationText.format(window.duration()),
                next.isEmpty() ? "" : next.getFirst().start(), next.isEmpty() ? "" : next.getFirst().startDatetime(),
                !next.isEmpty() && next.getFirst().open(), defined.owner().wireName(), defined.origin().describe());
    }

    /** The edit form of an API window: its stored definition; a file window's is not editable (empty). */
    private ConsoleForm editForm(Defined<MaintenanceWindow> window) {
        if (window.stored().isEmpty()) {
            return ConsoleForm.empty();
        }
        Map<String, Object> stored;
        try {
            stored = json.readValue(window.stored().get().document(), OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> monitors = new LinkedHashSet<>();
        stored.forEach((key, value) -> {
            if (key.equals("monitors") && value instanceof List<?> ids) {
                ids.forEach(id -> monitors.add(String.valueOf(id)));
            } else {
                values.put(key, value instanceof List<?> list
                        ? list.stream().map(String::valueOf).collect(Collectors.joining(", ")) : String.valueOf(value));
            }
        });
        return ConsoleForm.of(values, Map.of("monitors", monitors));
    }

    private List<ConsoleForm.Choice> monitors() {
        return catalog.monitors().stream().sorted(Comparator.comparing(Monitor::name, String.CASE_INSENSITIVE_ORDER))
                .map(m -> new ConsoleForm.Choice(m.id().value(), m.name())).toList();
    }

    static String link(String id) {
        return "/admin/maintenance/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
