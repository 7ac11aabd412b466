package dev.upwatch.web.page;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.StatusSnapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the home, service and history pages show at one version: the one source of the full page and of its
 * live updates. A new version is made only when something in it differs ({@link LiveSnapshots}); the versions of one
 * process are numbered 1, 2, ... under its {@code epoch}, so a client that holds one can be told what changed since.
 *
 * @param epoch            this process's run: versions of another run are not comparable
 * @param version          this snapshot's number
 * @param status           every public service
 * @param names            each service's display name by id (for the incidents' affected services)
 * @param minute           the time the pages read, to the minute: durations, today's date, the charts' end
 * @param active           unresolved incidents and current or upcoming notices, newest first
 * @param maintenance      maintenance windows open now or within 7 days, by start
 * @param openMaintenance  for each of {@code maintenance}, whether it is open now
 * @param barIncidents     each service's incident titles by day of the 90-day bar
 * @param groups           the stored groups' descriptions and collapsed flags
 * @param incidentChanges  incident changes counted so far: a change of a resolved incident shows on the history and
 *                         service pages, which read the store
 * @param builtAt          when this version was made (sent with live updates, so that their delay can be measured)
 */
public record LiveSnapshot(String epoch, long version, StatusSnapshot status, Map<MonitorId, String> names,
                           Instant minute, List<Incident> active, List<MaintenanceWindow.Occurrence> maintenance,
                           List<Boolean> openMaintenance, Map<MonitorId, Map<LocalDate, List<String>>> barIncidents,
                           List<MonitorGroup> groups, long incidentChanges, Instant builtAt) {
    public LiveSnapshot {
        Objects.requireNonNull(builtAt, "builtAt");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(minute, "minute");
        active = List.copyOf(active);
        maintenance = List.copyOf(maintenance);
        openMaintenance = List.copyOf(openMaintenance);
        Objects.requireNonNull(barIncidents, "barIncidents");
        groups = List.copyOf(groups);
    }

    /** The UTC day the pages show as today. */
    public LocalDate today() {
        return PageViews.today(minute);
    }

    /** This version as clients hold it: {@code <epoch>-<version>}. */
    public String tag() {
        return tag(epoch, version);
    }

    static String tag(String epoch, long version) {
        return epoch + "-" + version;
    }

    /** Whether {@code other} shows the same: equal apart from the version (the status compared by identity). */
    boolean sameContent(LiveSnapshot other) {
        return other != null && status == other.status && names.equals(other.names) && minute.equals(other.minute)
                && active.equals(other.active) && maintenance.equals(other.maintenance)
                && openMaintenance.equals(other.openMaintenance) && barIncidents.equals(other.barIncidents)
                && groups.equals(other.groups) && incidentChanges == other.incidentChanges;
    }
}
