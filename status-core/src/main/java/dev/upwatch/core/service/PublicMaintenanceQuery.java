package dev.upwatch.core.service;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.MaintenanceQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the public may see of maintenance windows, by the same rule as {@link PublicStatusQuery}: private monitors are
 * left out of every window's monitors, and a window that covers only private monitors is not shown at all.
 */
public final class PublicMaintenanceQuery implements MaintenanceQuery {
    private final MaintenanceQuery all;
    private final PublicStatusQuery status;
    /** The windows and public snapshot last seen and the visible windows: filtered again only when either changes. */
    private volatile Filtered last = new Filtered(null, null, List.of());

    private record Filtered(List<MaintenanceWindow> full, StatusSnapshot shown, List<MaintenanceWindow> visible) {
    }

    public PublicMaintenanceQuery(MaintenanceQuery all, PublicStatusQuery status) {
        this.all = Objects.requireNonNull(all, "all");
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    public List<MaintenanceWindow> windows() {
        List<MaintenanceWindow> full = all.windows();
        StatusSnapshot shown = status.snapshot();
        Filtered seen = last;
        if (seen.full() == full && seen.shown() == shown) {
            return seen.visible();
        }
        List<MaintenanceWindow> visible = visible(full, shown);
        // The snapshot changes with every check; the list object stays the same while its content does.
        List<MaintenanceWindow> kept = visible.equals(seen.visible()) ? seen.visible() : visible;
        last = new Filtered(full, shown, kept);
        return kept;
    }

    private static List<MaintenanceWindow> visible(List<MaintenanceWindow> full, StatusSnapshot shown) {
        Set<MonitorId> visible = shown.services().stream().map(ServiceStatus::monitor).map(m -> m.id())
                .collect(Collectors.toUnmodifiableSet());
        List<MaintenanceWindow> windows = new ArrayList<>(full.size());
        for (MaintenanceWindow window : full) {
            Set<MonitorId> kept = window.monitors().stream().filter(visible::contains).collect(Collectors.toSet());
            if (kept.size() == window.monitors().size()) {
                windows.add(window);
            } else if (!kept.isEmpty()) {
                windows.add(new MaintenanceWindow(window.title(), kept, window.starts(), window.duration()));
            }
        }
        return List.copyOf(windows);
    }
}
