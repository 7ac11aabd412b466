package dev.upwatch.web.page;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the {@link LiveSnapshot}s: {@link #current} is cheap while nothing changed (five comparisons), and builds
 * the next version when the status snapshot object changed, an incident change was counted, the stored groups or
 * the maintenance windows were replaced, or a new second began (maintenance windows open and close, configured
 * incidents start and end, the minute and the day turn: these are re-read at most once a second). A new version is made only when the content differs.
 * Requests and the live streams share it, so a fresh load and an open page at the same version show the same.
 */
public final class LiveSnapshots {
    private final StatusQuery status;
    private final IncidentQuery incidents;
    private final MaintenanceQuery maintenance;
    private final BarIncidents bars;
    private final GroupCatalog groups;
    private final LiveSignal signal;
    private final Clock clock;
    /** This run: a client holding a version of another run is sent a reload. */
    private final String epoch;
    private volatile Held held;

    /**
     * The latest snapshot and what it was built from: the objects are compared by identity (the status snapshot,
     * the stored groups and the maintenance windows are each replaced whole when they change).
     */
    private record Held(StatusSnapshot status, long incidentChanges, long second, List<MonitorGroup> groups,
                        List<MaintenanceWindow> windows, LiveSnapshot snapshot) {
        boolean holds(StatusSnapshot now, long changes, long atSecond, List<MonitorGroup> stored,
                      List<MaintenanceWindow> calendar) {
            return status == now && incidentChanges == changes && second == atSecond && groups == stored
                    && windows == calendar;
        }
    }

    public LiveSnapshots(StatusQuery status, IncidentQuery incidents, MaintenanceQuery maintenance, BarIncidents bars,
                         GroupCatalog groups, LiveSignal signal, Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.bars = Objects.requireNonNull(bars, "bars");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.epoch = Long.toString(System.currentTimeMillis(), 36) + Long.toString(System.nanoTime() & 0xfff, 36);
    }

    /** This run's epoch. */
    public String epoch() {
        return epoch;
    }

    /** What the pages show now. */
    public LiveSnapshot current() {
        Held last = held;
        StatusSnapshot now = status.snapshot();
        long changes = signal.incidentChanges();
        Instant at = clock.instant();
        List<MonitorGroup> stored = groups.groups();
        List<MaintenanceWindow> calendar = maintenance.windows();
        if (last != null && last.holds(now, changes, at.getEpochSecond(), stored, calendar)) {
            return last.snapshot();
        }
        return next(now, changes, at, stored, calendar);
    }

    private synchronized LiveSnapshot next(StatusSnapshot now, long changes, Instant at, List<MonitorGroup> stored,
                                           List<MaintenanceWindow> calendar) {
        Held last = held;
        if (last != null && last.holds(now, changes, at.getEpochSecond(), stored, calendar)) {
            return last.snapshot(); // another thread built it meanwhile
        }
        LiveSnapshot before = last == null ? null : last.snapshot();
        List<Incident> active;
        List<MaintenanceWindow.Occurrence> windows;
        List<Boolean> open;
        List<MonitorGroup> settings;
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        if (before == null || last.second() != at.getEpochSecond() || last.incidentChanges() != changes
                || last.groups() != stored || last.windows() != calendar) {
            active = incidents.active();
            windows = maintenance.currentAndUpcoming(at, MaintenanceCalendar.ANNOUNCE_AHEAD);
            open = windows.stream().map(window -> window.isOpenAt(at)).toList();
            settings = stored;
        } else {
            active = before.active();
            windows = before.maintenance();
            open = before.openMaintenance();
            settings = before.groups();
            minute = before.minute();
        }
        Map<MonitorId, String> names = names(now, before);
        LiveSnapshot candidate = new LiveSnapshot(epoch, before == null ? 1 : before.version() + 1, now, names, minute,
                active, windows, open, barsOf(now, before), settings, changes, at);
        LiveSnapshot kept = candidate.sameContent(before) ? before : candidate;
        held = new Held(now, changes, at.getEpochSecond(), stored, calendar, kept);
        if (kept != before) {
            signal.wake(); // the live streams send it
        }
        return kept;
    }

    /**
     * The bar incidents of this page's services, taken from the one table of every public service; the previous map
     * object while they are the same.
     */
    private Map<MonitorId, Map<LocalDate, List<String>>> barsOf(StatusSnapshot now, LiveSnapshot before) {
        Map<MonitorId, Map<LocalDate, List<String>>> all = bars.byService();
        Map<MonitorId, Map<LocalDate, List<String>>> mine = new HashMap<>();
        for (ServiceStatus service : now.services()) {
            Map<LocalDate, List<String>> days = all.get(service.monitor().id());
            if (days != null) {
                mine.put(service.monitor().id(), days);
            }
        }
        if (mine.size() == all.size()) {
            return all;
        }
        return before != null && before.barIncidents().equals(mine) ? before.barIncidents() : Map.copyOf(mine);
    }

    /** Display names by id; the previous map object while they are the same (they change with the monitor list). */
    private static Map<MonitorId, String> names(StatusSnapshot now, LiveSnapshot before) {
        Map<MonitorId, String> names = new HashMap<>();
        for (ServiceStatus service : now.services()) {
            names.put(service.monitor().id(), service.monitor().name());
        }
        return before != null && before.names().equals(names) ? before.names() : Map.copyOf(names);
    }

    /** Wakes every thread waiting in {@link #awaitNewer} (to notice a close). */
    void wake() {
        signal.wake();
    }

    /**
     * The first snapshot newer than {@code version}, waiting for it at most {@code millis}; the current one when none
     * came in time. Wakes at least once a second, for what time alone changes.
     */
    public LiveSnapshot awaitNewer(long version, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            long seen = signal.signals();
            LiveSnapshot snapshot = current();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (snapshot.version() > version || left <= 0) {
                return snapshot;
            }
            signal.await(seen, Math.min(left, 1_000 - clock.millis() % 1_000 + 1));
        }
    }
}
