package dev.upwatch.core.service;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PageSelection;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.port.StatusQuery;

import java.util.Objects;

/**
 * What one status page shows: a view (the public one, for visitors) narrowed to the monitors of the page's
 * {@link PageSelection}. A page scope only ever takes away from the view it is made from, so the view's own rule
 * (private monitors hidden from the public) holds on every page.
 *
 * @param status      the page's services
 * @param incidents   incidents, each with the page's services only; one that affects none of them is left out
 * @param maintenance maintenance windows, each with the page's services only
 */
public record PageScope(StatusQuery status, IncidentQuery incidents, MaintenanceQuery maintenance) {
    public PageScope {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(maintenance, "maintenance");
    }

    /**
     * The view of {@code status}, {@code incidents} and {@code maintenance} narrowed to {@code selection}; the view
     * itself for a selection of everything. An incident of a monitor the view no longer has (deleted since) stays on
     * a page that names the monitor by id, and on a page of everything.
     */
    public static PageScope of(PageSelection selection, StatusQuery status, IncidentQuery incidents,
                               MaintenanceQuery maintenance) {
        Objects.requireNonNull(selection, "selection");
        if (selection.isEverything()) {
            return new PageScope(status, incidents, maintenance);
        }
        NarrowedStatusQuery shown = new NarrowedStatusQuery(status, selection::includes);
        return new PageScope(shown, new NarrowedIncidentQuery(incidents, id -> shows(selection, status, id)),
                new NarrowedMaintenanceQuery(maintenance, shown));
    }

    private static boolean shows(PageSelection selection, StatusQuery status, MonitorId id) {
        return status.service(id).map(service -> selection.includes(service.monitor()))
                .orElseGet(() -> selection.monitors().contains(id));
    }
}
