package dev.upwatch.web.admin;

import dev.upwatch.core.model.Monitor;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /api/v1/admin/groups}: the groups with their monitors. Groups are derived from the monitors' {@code group}
 * field; a group is created, emptied or changed by writing its monitors (renaming is not offered).
 */
@Path("/api/v1/admin/groups")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminGroupResource {
    private final MonitorDirectory directory;

    @Inject
    AdminGroupResource(MonitorDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @GET
    public AdminGroupsJson list() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Monitor monitor : directory.monitors()) {
            groups.computeIfAbsent(monitor.group(), name -> new ArrayList<>()).add(monitor.id().value());
        }
        return new AdminGroupsJson(groups.entrySet().stream()
                .map(group -> new AdminGroupsJson.GroupJson(group.getKey(), List.copyOf(group.getValue()))).toList());
    }
}
