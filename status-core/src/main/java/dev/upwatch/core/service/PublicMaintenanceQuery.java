package dev.upwatch.core.service;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.port.MaintenanceQuery;

import java.util.List;

/**
 * What the public may see of maintenance windows, by the same rule as {@link PublicStatusQuery}: private monitors are
 * left out of every window's monitors, and a window that covers only private monitors is not shown at all.
 */
public final class PublicMaintenanceQuery implements MaintenanceQuery {
    private final NarrowedMaintenanceQuery visible;

    public PublicMaintenanceQuery(MaintenanceQuery all, PublicStatusQuery status) {
        this.visible = new NarrowedMaintenanceQuery(all, status);
    }

    @Override
    public List<MaintenanceWindow> windows() {
        return visible.windows();
    }
}
