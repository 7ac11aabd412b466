package dev.upwatch.web.console;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.definition.CheckOnce;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.DefinitionRefused;
import dev.upwatch.core.definition.DocumentCodec;
import dev.upwatch.core.definition.MonitorDefinitions;
import dev.upwatch.core.definition.Owner;
import dev.upwatch.core.definition.Refusal;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.admin.FieldProblem;
import dev.upwatch.web.admin.InvalidRequest;
import dev.upwatch.web.auth.ConsoleUser;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's monitor editor: create, change, "Check now" with the entered settings, pause and resume, clone, and
 * delete after a confirmation. Every change goes through the core's {@link MonitorDefinitions} (the API's rules and
 * refusals; a file monitor is read-only) and "Check now" through {@link CheckOnce} (the engine's probe environment);
 * {@link dev.upwatch.web.auth.ConsoleGate} has checked the role and the CSRF proof, and records every change.
 */
@Path("/admin/monitors")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleMonitorResource {
    /** The submit button that runs "Check now" instead of saving. */
    static final String CHECK = "check";

    private final MonitorDefinitions monitors;
    private final CheckOnce checkOnce;
    private final ProbeRegistry probes;
    private final DocumentCodec documents;

    @Inject
    ConsoleMonitorResource(MonitorDefinitions monitors, CheckOnce checkOnce, ProbeRegistry probes,
                           DocumentCodec documents) {
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.checkOnce = Objects.requireNonNull(checkOnce, "checkOnce");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.documents = Objects.requireNonNull(documents, "documents");
    }

    /** A blank editor for a new monitor of {@code type} (http when not given). */
    @GET
    @Path("new")
    public Response newMonitor(@Context HttpServletRequest request, @QueryParam("type") String type) {
        String chosen = type != null && probes.types().contains(type) ? type : "http";
        return page(200, editor(request, "New monitor", "", MonitorForm.blank(chosen)));
    }

    /** Creates the monitor of the posted form, or runs "Check now" with it. */
    @POST
    @Path("new")
    public Response create(@Context HttpServletRequest request) {
        MonitorForm form = MonitorForm.posted(request);
        Editor editor = editor(request, "New monitor", "", form);
        return submit(request, editor, definition -> monitors.create(definition).id(), Optional.empty());
    }

    /** The editor of monitor {@code id}; read-only for a file monitor and for a viewer. */
    @GET
    @Path("{id}")
    public Response show(@Context HttpServletRequest request, @PathParam("id") String id,
                         @QueryParam("done") String done) {
        Defined<Monitor> defined = existing(id);
        Editor editor = editor(request, defined.value().name(), id, formOf(defined));
        return page(200, editor.with(done(done)));
    }

    /** Replaces monitor {@code id} by the posted form, or runs "Check now" with it. */
    @POST
    @Path("{id}")
    public Response replace(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<Monitor> defined = existing(id);
        Editor editor = editor(request, defined.value().name(), id, MonitorForm.posted(request));
        return submit(request, editor, definition -> {
            if (defined.value().paused()) {
                definition.put("paused", true); // the form does not pause; its own buttons do
            }
            return monitors.replace(id, definition).id();
        }, Optional.of(id));
    }

    /** Pauses monitor {@code id}: no checks until it is resumed. */
    @POST
    @Path("{id}/pause")
    public Response pause(@Context HttpServletRequest request, @PathParam("id") String id) {
        return pausing(request, id, true);
    }

    /** Resumes monitor {@code id}. */
    @POST
    @Path("{id}/resume")
    public Response resume(@Context HttpServletRequest request, @PathParam("id") String id) {
        return pausing(request, id, false);
    }

    /** The editor prefilled with monitor {@code id}'s settings under a new id, to save as a new monitor. */
    @GET
    @Path("{id}/clone")
    public Response cloneOf(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<Monitor> defined = existing(id);
        return page(200, editor(request, "New monitor", "", formOf(defined).withId(freeId(id))));
    }

    /** Asks whether to delete monitor {@code id}. */
    @GET
    @Path("{id}/delete")
    public Response confirmDelete(@Context HttpServletRequest request, @PathParam("id") String id) {
        Defined<Monitor> defined = existing(id);
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        Optional<DefinitionRefused> refusal = monitors.refusalToChange(id);
        if (refusal.isPresent()) {
            return refused(409, refusal.get().getMessage());
        }
        return Response.ok(ConsoleResource.html("console/monitor-delete.ftlh", new MonitorViews.DeleteConfirm(
                ConsoleFrame.of(user, "Delete " + defined.value().name(), "dashboard"), id, defined.value().name())))
                .type("text/html; charset=UTF-8").build();
    }

    /** Deletes monitor {@code id} (its samples stay in storage). */
    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") String id) {
        existing(id);
        Optional<DefinitionRefused> refusal = monitors.refusalToChange(id); // names the file's line
        if (refusal.isPresent()) {
            return refused(409, refusal.get().getMessage());
        }
        try {
            monitors.delete(id);
        } catch (DefinitionRefused e) {
            return refused(409, e.getMessage());
        } catch (NoSuchElementException e) {
            return refused(404, e.getMessage());
        }
        return Response.seeOther(URI.create("/admin")).build();
    }

    private Response pausing(HttpServletRequest request, String id, boolean paused) {
        existing(id);
        Optional<DefinitionRefused> refusal = monitors.refusalToChange(id);
        if (refusal.isPresent()) {
            return refused(409, refusal.get().getMessage() + " (pause it there with paused: true)");
        }
        try {
            monitors.pause(id, paused);
        } catch (DefinitionRefused e) {
            return refused(409, e.getMessage());
        } catch (NoSuchElementException e) {
            return refused(404, e.getMessage());
        }
        return Response.seeOther(URI.create(address(id) + "?done=" + (paused ? "paused" : "resumed"))).build();
    }

    /** Saves (or checks) the posted form; re-renders it with every problem next to its field and the input kept. */
    private Response submit(HttpServletRequest request, Editor editor, Save save, Optional<String> replacing) {
        if (!editor.readOnly().isEmpty()) {
            return refused(409, "'" + editor.id() + "' is " + editor.readOnly()
                    + " and is read-only here; edit the file and reload");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<Map<String, Object>> definition = editor.form().definition(errors);
        if (definition.isEmpty()) {
            return page(422, editor.withErrors(errors, List.of()));
        }
        boolean check = CHECK.equals(request.getParameter("action"));
        try {
            if (check) {
                return page(200, editor.withCheck(MonitorViews.CheckView.of(checkOnce.check(definition.get(),
                        replacing))));
            }
            String id = save.save(new LinkedHashMap<>(definition.get()));
            return Response.seeOther(URI.create(address(id) + "?done=saved")).build();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> put(errors, p.key(), p.problem()));
            return page(422, editor.withErrors(errors, List.of()));
        } catch (InvalidRequest e) {
            e.problems().forEach((FieldProblem p) -> put(errors, p.field(), p.problem()));
            return page(422, editor.withErrors(errors, List.of()));
        } catch (DefinitionRefused e) {
            if (e.reason() == Refusal.ID_TAKEN || e.reason() == Refusal.ID_CHANGED) {
                errors.put("id", e.getMessage());
                return page(409, editor.withErrors(errors, List.of()));
            }
            return page(409, editor.withErrors(errors, List.of(e.getMessage())));
        } catch (NoSuchElementException e) {
            return refused(404, e.getMessage());
        }
    }

    /** Files the problem of the definition's key path {@code key} under the form field that holds the key. */
    static void put(Map<String, String> errors, String key, String problem) {
        String first = key.split("[.\\[]", 2)[0];
        String field;
        String text;
        if (MonitorForm.COMMON.contains(first) || first.equals(MonitorForm.PRIVATE)) {
            field = first;
            text = key.equals(first) ? problem : key + ": " + problem;
        } else {
            field = MonitorForm.SETTINGS;
            text = key.isEmpty() ? problem : key + ": " + problem;
        }
        errors.merge(field, text, (a, b) -> a + "; " + b);
    }

    private Defined<Monitor> existing(String id) {
        return monitors.find(id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no monitor has the id '" + id + "'"));
    }

    private MonitorForm formOf(Defined<Monitor> defined) {
        return defined.stored().map(stored -> MonitorForm.of(documents.read(stored.document())))
                .orElseGet(() -> MonitorForm.of(defined.value()));
    }

    /** {@code id-copy}, or {@code id-copy-2}, ... : the first id no monitor has. */
    private String freeId(String id) {
        String candidate = id + "-copy";
        for (int n = 2; monitors.find(candidate).isPresent(); n++) {
            candidate = id + "-copy-" + n;
        }
        return candidate;
    }

    private Editor editor(HttpServletRequest request, String title, String id, MonitorForm form) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        Optional<Defined<Monitor>> defined = id.isEmpty() ? Optional.empty() : monitors.find(id);
        String readOnly = defined.filter(d -> d.owner() == Owner.FILE).map(d -> d.origin().describe()).orElse("");
        return new Editor(new MonitorViews.Editor(ConsoleFrame.of(user, title, "dashboard"),
                id.isEmpty() ? "/admin/monitors/new" : address(id), id, form, Map.of(), List.of(), readOnly,
                defined.map(d -> d.value().paused()).orElse(false), probes.types(), Optional.empty(), ""));
    }

    private static String done(String done) {
        return switch (Objects.requireNonNullElse(done, "")) {
            case "saved" -> "Saved.";
            case "paused" -> "Paused: not checked until resumed.";
            case "resumed" -> "Resumed: checked on its usual schedule.";
            default -> "";
        };
    }

    static String address(String id) {
        return "/admin/monitors/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Response page(int status, Editor editor) {
        return Response.status(status).type("text/html; charset=UTF-8")
                .entity(ConsoleResource.html("console/monitor.ftlh", editor.view())).build();
    }

    /** A refusal as the gate answers them: a short page with the reason. */
    static Response refused(int status, String message) {
        return Response.status(status).type("text/html; charset=UTF-8")
                .entity(dev.upwatch.web.auth.ConsoleGate.refusalPage(status, message)).build();
    }

    /** Saves a definition and answers the saved monitor's id. */
    @FunctionalInterface
    private interface Save {
        String save(Map<String, Object> definition);
    }

    /** The editor's view model, changed step by step as the request is handled. */
    private record Editor(MonitorViews.Editor view) {
        String readOnly() {
            return view.readOnly();
        }

        String id() {
            return view.id();
        }

        MonitorForm form() {
            return view.form();
        }

        Editor with(String saved) {
            return new Editor(new MonitorViews.Editor(view.frame(), view.action(), view.id(), view.form(), view.errors(),
                    view.general(), view.readOnly(), view.paused(), view.types(), view.check(), saved));
        }

        Editor withErrors(Map<String, String> errors, List<String> general) {
            return new Editor(new MonitorViews.Editor(view.frame(), view.action(), view.id(), view.form(), errors,
                    new ArrayList<>(general), view.readOnly(), view.paused(), view.types(), view.check(), ""));
        }

        Editor withCheck(MonitorViews.CheckView check) {
            return new Editor(new MonitorViews.Editor(view.frame(), view.action(), view.id(), view.form(), view.errors(),
                    view.general(), view.readOnly(), view.paused(), view.types(), Optional.of(check), ""));
        }
    }
}
