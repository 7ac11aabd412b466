package dev.upwatch.web.admin;

import java.util.List;

/**
 * {@code GET /api/v1/admin/groups}: the display groups, derived from the monitors (a group is a field of each
 * monitor, not a stored object), in the order they first appear among the monitors.
 *
 * @param groups every group that has at least one monitor
 */
public record AdminGroupsJson(List<GroupJson> groups) {

    /**
     * One group.
     *
     * @param name     the group's name
     * @param monitors its monitors' ids, in display order (public and private, from the file and the API)
     */
    public record GroupJson(String name, List<String> monitors) {
    }
}
