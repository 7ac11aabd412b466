package dev.upwatch.web.admin;

import java.util.List;

/**
 * {@code GET /api/v1/admin/groups}: the display groups in page order, the stored ones (by position) first, then
 * those only named by monitors.
 *
 * @param groups every stored group and every group that has at least one monitor
 */
public record AdminGroupsJson(List<GroupJson> groups) {

    /**
     * One group.
     *
     * @param name        the group's name (its address: {@code /api/v1/admin/groups/{name}}, URL-encoded)
     * @param stored      true for a group stored through this API, false for one only named by monitors
     * @param position    its place on the page, lower first; null for a group that is not stored
     * @param description text under its heading, empty for none
     * @param collapsed   whether the page shows it folded
     * @param monitors    its monitors' ids, in display order (public and private, from the file and the API)
     */
    public record GroupJson(String name, boolean stored, Integer position, String description, boolean collapsed,
                            List<String> monitors) {
    }
}
