package dev.upwatch.web.console;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.definition.DefinitionRefused;
import dev.upwatch.core.definition.GroupDefinitions;
import dev.upwatch.core.model.MonitorGroup;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The console's groups: their order on the page (position), name and whether the page shows them collapsed, changed
 * through the core's {@link GroupDefinitions} with the API's rules.
 */
@Path("/admin/groups")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleGroupResource {
    private final GroupDefinitions groups;

    @Inject
    ConsoleGroupResource(GroupDefinitions groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
    }

    /** Every group in page order, each with its form. */
    @GET
    public Response list(@Context HttpServletRequest request) {
        return page(request, 200, "", "", Map.of(), Map.of());
    }

    /** Changes group {@code name}: its name, position and collapsed flag; its description stays. */
    @POST
    @Path("{name}")
    public Response change(@Context HttpServletRequest request, @PathParam("name") String name) {
        GroupDefinitions.ListedGroup existing = groups.find(name).orElseThrow(() ->
                new jakarta.ws.rs.NotFoundException("no group is named '" + name + "'"));
        String newName = Objects.requireNonNullElse(request.getParameter("name"), "");
        String position = Objects.requireNonNullElse(request.getParameter("position"), "").strip();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", newName);
        if (!position.isEmpty()) {
            body.put("position", wholeNumber(position));
        }
        body.put("collapsed", request.getParameter("collapsed") != null);
        existing.stored().map(MonitorGroup::description).filter(d -> !d.isEmpty())
                .ifPresent(description -> body.put("description", description));
        Map<String, String> entered = Map.of("name", newName, "position", position);
        try {
            groups.replace(name, body);
        } catch (InvalidConfigException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            e.problems().forEach(p -> errors.merge(p.key(), p.problem(), (a, b) -> a + "; " + b));
            return page(request, 422, name, "", errors, entered);
        } catch (DefinitionRefused e) {
            return page(request, 409, name, e.getMessage(), Map.of(), entered);
        } catch (NoSuchElementException e) {
            return ConsoleMonitorResource.refused(404, e.getMessage());
        }
        return Response.seeOther(URI.create("/admin/groups")).build();
    }

    /** A whole number as a number (so the core reads it as one), else the text (which the core refuses by field). */
    private static Object wholeNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private Response page(HttpServletRequest request, int status, String errorGroup, String error,
                          Map<String, String> errors, Map<String, String> entered) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        AtomicInteger index = new AtomicInteger();
        List<MonitorViews.GroupRow> rows = groups.list().stream().map(group -> {
            int i = index.getAndIncrement();
            boolean refused = group.name().equals(errorGroup);
            String position = group.stored().map(g -> Integer.toString(g.position())).orElse("");
            return new MonitorViews.GroupRow(group.name(), "g" + i,
                    refused ? entered.getOrDefault("name", group.name()) : group.name(),
                    refused ? entered.getOrDefault("position", position) : position,
                    group.stored().map(MonitorGroup::collapsed).orElse(false), group.monitors().size());
        }).toList();
        return Response.status(status).type("text/html; charset=UTF-8").entity(ConsoleResource.html(
                "console/groups.ftlh", new MonitorViews.Groups(ConsoleFrame.of(user, "Groups", "groups"), rows, error,
                        errorGroup, errors))).build();
    }
}
