package dev.upwatch.web.console;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.web.admin.AdminConflict;
import dev.upwatch.web.admin.FieldProblem;
import dev.upwatch.web.admin.IncidentEditor;
import dev.upwatch.web.auth.ConsoleUser;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The console's incidents ({@code /admin/incidents}, editors change): open one with its impact, affected services
 * and first update; post updates (investigating → identified → monitoring → resolved); edit the title, impact and
 * services. Every write goes through {@link IncidentEditor}, the admin API's rules; the public page shows it through
 * its live snapshot. {@code ConsoleGate} has checked the role and the CSRF proof before any of this runs.
 */
@Path("/admin/incidents")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleIncidentResource {
    /** How far back the list looks, in days (as the API's list). */
    static final int LIST_DAYS = 366;
    /** Most incidents listed. */
    static final int LIST_ROWS = 200;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final IncidentEditor editor;
    private final IncidentService incidents;
    private final MonitorCatalog catalog;
    private final Clock clock;

    @Inject
    ConsoleIncidentResource(IncidentEditor editor, IncidentService incidents, MonitorCatalog catalog, Clock clock) {
        this.editor = Objects.requireNonNull(editor, "editor");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every incident of the last year and ahead, newest first, and the form that opens one. */
    @GET
    public Response list(@Context HttpServletRequest request) {
        return listPage(request, 200, ConsoleForm.of(Map.of("impact", "down", "state", "investigating"), Map.of()));
    }

    /** Opens an incident from the form: id, title, impact, services, first update's state and message. */
    @POST
    public Response open(@Context HttpServletRequest request) {
        Map<String, String> values = values(request, "id", "title", "impact", "state", "message");
        Set<String> services = chosen(request, "services");
        ConsoleForm form = ConsoleForm.of(values, Map.of("services", services));
        if (editor.find(values.get("id")).isPresent()) {
            return listPage(request, 409, form.refused(List.of(new FieldProblem("id", "is already taken by another incident")),
                    ConsoleIncidentResource::field));
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", values.get("id"));
        definition.put("kind", "incident");
        definition.put("title", values.get("title"));
        definition.put("impact", values.get("impact"));
        definition.put("services", List.copyOf(services));
        definition.put("updates", List.of(Map.of("state", values.get("state"), "message", values.get("message"))));
        try {
            IncidentEditor.Written written = editor.put(definition);
            return Response.seeOther(URI.create(link(written.incident()))).build();
        } catch (RuntimeException e) {
            return refusal(e, form).map(refused -> listPage(request, 400, refused)).orElseThrow(() -> e);
        }
    }

    /** One incident: its timeline, and (when it may be changed) the forms that post an update and edit it. */
    @GET
    @Path("{id}")
    public Response show(@Context HttpServletRequest request, @PathParam("id") String id) {
        Incident incident = editor.find(id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException());
        return incidentPage(request, 200, incident, editForm(incident), ConsoleForm.of(Map.of("state",
                next(incident).wireName()), Map.of()));
    }

    /** Changes the title, impact and services, keeping the timeline. */
    @POST
    @Path("{id}")
    public Response edit(@Context HttpServletRequest request, @PathParam("id") String id) {
        Incident incident = editor.find(id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException());
        Map<String, String> values = values(request, "title", "impact");
        Set<String> services = chosen(request, "services");
        ConsoleForm form = ConsoleForm.of(values, Map.of("services", services));
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", incident.id().value());
        definition.put("kind", incident.kind() == Incident.Kind.MAINTENANCE ? "maintenance" : "incident");
        definition.put("title", values.get("title"));
        definition.put("impact", values.get("impact"));
        definition.put("services", List.copyOf(services));
        definition.put("starts", incident.startedAt().toString());
        incident.resolvedAt().ifPresent(end -> definition.put("ends", end.toString()));
        definition.put("updates", incident.updates().stream().map(update -> Map.of("at", update.at().toString(),
                "state", update.state().wireName(), "message", update.message())).toList());
        try {
            editor.put(definition);
            return Response.seeOther(URI.create(link(incident))).build();
        } catch (RuntimeException e) {
            return refusal(e, form).map(refused -> incidentPage(request, 400, incident, refused,
                    ConsoleForm.of(Map.of("state", next(incident).wireName()), Map.of()))).orElseThrow(() -> e);
        }
    }

    /** Posts an update; the state {@code resolved} resolves the incident. */
    @POST
    @Path("{id}/updates")
    public Response post(@Context HttpServletRequest request, @PathParam("id") String id) {
        Incident incident = editor.find(id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException());
        Map<String, String> values = values(request, "state", "message");
        try {
            editor.post(id, new LinkedHashMap<>(values));
            return Response.seeOther(URI.create(link(incident))).build();
        } catch (RuntimeException e) {
            return refusal(e, ConsoleForm.of(values, Map.of()))
                    .map(refused -> incidentPage(request, 400, incident, editForm(incident), refused))
                    .orElseThrow(() -> e);
        }
    }

    /** The form showing the refusal {@code e}, or empty when {@code e} is no refusal (then it propagates). */
    private static Optional<ConsoleForm> refusal(RuntimeException e, ConsoleForm form) {
        Optional<List<FieldProblem>> problems = IncidentEditor.problems(e);
        if (problems.isPresent()) {
            return Optional.of(form.refused(problems.get(), ConsoleIncidentResource::field));
        }
        if (e instanceof AdminConflict || e instanceof NoSuchElementException) {
            return Optional.of(form.refused(e.getMessage()));
        }
        return Optional.empty();
    }

    /** The form field a definition key belongs to: {@code services[1]} → services, {@code updates[0].message} → message. */
    static String field(String key) {
        if (key.startsWith("updates")) {
            int dot = key.lastIndexOf('.');
            return dot < 0 ? "message" : key.substring(dot + 1);
        }
        int cut = key.indexOf('[');
        return cut < 0 ? key : key.substring(0, cut);
    }

    private Response listPage(HttpServletRequest request, int status, ConsoleForm form) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        Instant now = clock.instant();
        List<IncidentViews.Row> rows = incidents.between(now.minus(Duration.ofDays(LIST_DAYS)),
                now.plus(Duration.ofDays(LIST_DAYS))).stream().limit(LIST_ROWS).map(incident -> row(incident, now)).toList();
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html("console/incidents.ftlh",
                new IncidentViews.ListPage(ConsoleFrame.of(user, "Incidents", "incidents"), rows, monitors(), form)))
                .build();
    }

    private Response incidentPage(HttpServletRequest request, int status, Incident incident, ConsoleForm edit,
                                  ConsoleForm update) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        Instant now = clock.instant();
        List<IncidentViews.TimelineEntry> timeline = incident.updates().stream()
                .sorted(Comparator.comparing(IncidentUpdate::at).reversed())
                .map(u -> new IncidentViews.TimelineEntry(SHOWN.format(u.at()), u.at().toString(), u.state().wireName(),
                        u.message())).toList();
        String readOnly = incident.kind() == Incident.Kind.AUTOMATIC ? "Opened and resolved by Upwatch from status changes."
                : incidents.isConfigured(incident.id()) ? "Defined in the configuration file; change it there." : "";
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html("console/incident.ftlh",
                new IncidentViews.OnePage(ConsoleFrame.of(user, "Incident " + incident.id().value(), "incidents"),
                        row(incident, now), timeline, readOnly, incident.isActiveAt(now), monitors(), edit, update)))
                .build();
    }

    private List<ConsoleForm.Choice> monitors() {
        return catalog.monitors().stream().sorted(Comparator.comparing(Monitor::name, String.CASE_INSENSITIVE_ORDER))
                .map(m -> new ConsoleForm.Choice(m.id().value(), m.name())).toList();
    }

    private static IncidentViews.Row row(Incident incident, Instant now) {
        String state = incident.updates().isEmpty() ? (incident.isActive() ? "open" : "resolved")
                : incident.updates().getLast().state().wireName();
        return new IncidentViews.Row(incident.id().value(), link(incident), incident.title(),
                incident.kind().name().toLowerCase(Locale.ROOT), incident.impact().wireName(),
                String.join(", ", incident.services().stream().map(MonitorId::value).toList()), state,
                SHOWN.format(incident.startedAt()), incident.startedAt().toString(),
                incident.resolvedAt().map(SHOWN::format).orElse(""), incident.isActiveAt(now));
    }

    private static ConsoleForm editForm(Incident incident) {
        Set<String> services = new LinkedHashSet<>();
        incident.services().forEach(id -> services.add(id.value()));
        return ConsoleForm.of(Map.of("title", incident.title(), "impact", incident.impact().wireName()),
                Map.of("services", services));
    }

    /** The state an update most likely posts next: the one after the last. */
    private static IncidentState next(Incident incident) {
        if (incident.updates().isEmpty()) {
            return IncidentState.INVESTIGATING;
        }
        IncidentState last = incident.updates().getLast().state();
        IncidentState[] states = IncidentState.values();
        return states[Math.min(last.ordinal() + 1, states.length - 1)];
    }

    static String link(Incident incident) {
        return "/admin/incidents/" + URLEncoder.encode(incident.id().value(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> values(HttpServletRequest request, String... fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : fields) {
            values.put(field, Objects.requireNonNullElse(request.getParameter(field), "").strip());
        }
        return values;
    }

    private static Set<String> chosen(HttpServletRequest request, String field) {
        String[] given = request.getParameterValues(field);
        return given == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(given));
    }
}
