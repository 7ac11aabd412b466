package dev.upwatch.web.console;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.web.admin.FieldProblem;
import dev.upwatch.web.auth.ConsoleUser;
import dev.upwatch.web.config.PageOverrides;
import dev.upwatch.web.reader.PageSettings;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The console's page settings ({@code /admin/page}, admins change, the others read): the default page's title, logo,
 * links and footer in place of the configuration file's, which stay the defaults (a blank field, or "Reset to the
 * file", shows the file's again). Read by the file's rules ({@link PageOverrides}); every page renders the result
 * ({@link PageSettings}). {@code ConsoleGate} has checked the role and the CSRF proof, and audits the change.
 */
@Path("/admin/page")
@Produces(MediaType.TEXT_HTML)
public final class ConsolePageResource {
    private final PageSettings settings;

    @Inject
    ConsolePageResource(PageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The overrides in their form, each field with the file's value beside it. */
    @GET
    public Response show(@Context HttpServletRequest request) {
        return page(request, 200, ConsoleForm.of(settings.overrides(), Map.of()));
    }

    /** Stores the form's overrides, or ({@code action=reset}) removes them all. */
    @POST
    public Response change(@Context HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!"reset".equals(request.getParameter("action"))) {
            for (String key : PageOverrides.KEYS) {
                values.put(key, Objects.requireNonNullElse(request.getParameter(key), "").strip());
            }
        }
        ConsoleForm form = ConsoleForm.of(values, Map.of());
        try {
            settings.change(values);
        } catch (InvalidConfigException e) {
            return page(request, 400, form.refused(e.problems().stream()
                    .map(p -> new FieldProblem(p.key(), p.problem())).toList(), ConsoleMaintenanceResource::field));
        }
        return Response.seeOther(URI.create("/admin/page")).build();
    }

    private Response page(HttpServletRequest request, int status, ConsoleForm form) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        Map<String, String> shown = new LinkedHashMap<>(form.values());
        PageOverrides.KEYS.forEach(key -> shown.putIfAbsent(key, ""));
        ConsoleForm filled = new ConsoleForm(shown, form.chosen(), form.errors(), form.general());
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html(
                "console/page.ftlh", new SettingsPage(ConsoleFrame.of(user, "Page settings", "page"), filled,
                        PageOverrides.fields(settings.file())))).build();
    }

    /**
     * The page settings screen.
     *
     * @param frame the console's frame
     * @param form  the overrides, as stored or as entered
     * @param file  the configuration file's value of each key (empty: none)
     */
    public record SettingsPage(ConsoleFrame frame, ConsoleForm form, Map<String, String> file) {
        public SettingsPage {
            Objects.requireNonNull(frame, "frame");
            Objects.requireNonNull(form, "form");
            file = Map.copyOf(file);
        }
    }
}
