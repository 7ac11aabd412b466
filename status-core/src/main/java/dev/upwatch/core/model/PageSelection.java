package dev.upwatch.core.model;

import java.util.Objects;
import java.util.Set;

/**
 * Which monitors a status page shows, by group name and by id; a monitor is on the page when its group or its id is
 * named. Names are matched when the page is read, so a monitor created later (through the admin API) or moved into a
 * named group shows at once. {@link #EVERYTHING} names nothing and shows every monitor.
 *
 * @param groups   group names whose monitors the page shows
 * @param monitors ids of further monitors the page shows
 */
public record PageSelection(Set<String> groups, Set<MonitorId> monitors) {
    /** Every monitor: a page that names neither groups nor monitors. */
    public static final PageSelection EVERYTHING = new PageSelection(Set.of(), Set.of());

    public PageSelection {
        groups = Set.copyOf(groups);
        monitors = Set.copyOf(monitors);
    }

    /** Whether this selection shows every monitor. */
    public boolean isEverything() {
        return groups.isEmpty() && monitors.isEmpty();
    }

    /** Whether the page shows {@code monitor}. */
    public boolean includes(Monitor monitor) {
        Objects.requireNonNull(monitor, "monitor");
        return isEverything() || groups.contains(monitor.group()) || monitors.contains(monitor.id());
    }
}
