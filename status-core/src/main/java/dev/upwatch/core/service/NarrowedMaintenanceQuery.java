package dev.upwatch.core.service;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.port.StatusQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maintenance windows as a narrowed status view shows them: monitors the view does not show are left out of every
 * window, and a window left with none is not shown at all.
 */
public final class NarrowedMaintenanceQuery implements MaintenanceQuery {
    private final MaintenanceQuery all;
    private final StatusQuery shown;
    /** The windows and snapshot last seen and the visible windows: narrowed again only when either changes. */
    private volatile Narrowed last = new Narrowed(null, null, List.of());

    private record Narrowed(List<MaintenanceWindow> full, StatusSnapshot shown, List<MaintenanceWindow> visible) {
    }

    /** The windows of {@code all}, each with only the monitors {@code shown} has. */
    public NarrowedMaintenanceQuery(MaintenanceQuery all, StatusQuery shown) {
        this.all = Objects.requireNonNull(all, "all");
        this.shown = Objects.requireNonNull(shown, "shown");
    }

    @Override
    public List<MaintenanceWindow> windows() {
        List<MaintenanceWindow> full = all.windows();
        StatusSnapshot snapshot = shown.snapshot();
        Narrowed seen = last;
        if (seen.full() == full && seen.shown() == snapshot) {
            return seen.visible();
        }
        List<MaintenanceWindow> visible = visible(full, snapshot);
        // The snapshot changes with every check; the list object stays the same while its content does.
        List<MaintenanceWindow> kept = visible.equals(seen.visible()) ? seen.visible() : visible;
        last = new Narrowed(full, snapshot, kept);
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
