package dev.upwatch.web.page;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.service.StatusService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The titles of each service's incidents per day of the 90-day bar, for the bar's tooltips. Reading them means
 * asking the store, so the home page does not do it per request: the table is re-read when an incident changes
 * (opened, updated or resolved: {@link LiveSignal#incidentChanges}, or the set of active ones differs), when the day
 * changes, and otherwise at most every {@link #MAX_AGE} (a safety net for changes made behind Upwatch's back). One
 * instance serves the page and the API (today's titles in each service's {@code today}).
 */
public final class BarIncidents {
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private record Table(Instant readAt, LocalDate today, Set<IncidentId> active, long changes,
                         Map<MonitorId, Map<LocalDate, List<String>>> byService) {
    }

    private final IncidentQuery incidents;
    private final Clock clock;
    private final LiveSignal signal;
    private volatile Table table = new Table(Instant.MIN, LocalDate.MIN, Set.of(), -1, Map.of());

    /** A table that is re-read when {@code signal} counts an incident change. */
    public BarIncidents(IncidentQuery incidents, Clock clock, LiveSignal signal) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signal = Objects.requireNonNull(signal, "signal");
    }

    /** The titles of each service's incidents on today's date (UTC), for the services that had any today. */
    public Map<MonitorId, List<String>> today() {
        LocalDate today = PageViews.today(clock.instant());
        Map<MonitorId, List<String>> titles = new HashMap<>();
        byService(incidents.active()).forEach((service, days) -> {
            List<String> todays = days.get(today);
            if (todays != null) {
                titles.put(service, todays);
            }
        });
        return titles;
    }

    /**
     * Titles by day for every public service with incidents in the bar's 90 days: one table for every page, each of
     * which takes its services' entries.
     */
    Map<MonitorId, Map<LocalDate, List<String>>> byService() {
        return byService(incidents.active());
    }

    /** Titles by day for every service with incidents in the bar's 90 days; {@code active} as the page read them. */
    Map<MonitorId, Map<LocalDate, List<String>>> byService(List<Incident> active) {
        Instant now = clock.instant();
        LocalDate today = PageViews.today(now);
        Set<IncidentId> activeIds = active.stream().map(Incident::id).collect(Collectors.toSet());
        long changes = signal.incidentChanges();
        Table current = table;
        if (current.today().equals(today) && current.active().equals(activeIds) && current.changes() == changes
                && Duration.between(current.readAt(), now).compareTo(MAX_AGE) < 0) {
            return current.byService();
        }
        Map<MonitorId, Map<LocalDate, List<String>>> read = read(today, now);
        // The same map object while nothing changed: the live snapshot compares it cheaply.
        Table next = new Table(now, today, activeIds, changes, read.equals(current.byService()) ? current.byService() : read);
        table = next;
        return next.byService();
    }

    private Map<MonitorId, Map<LocalDate, List<String>>> read(LocalDate today, Instant now) {
        LocalDate first = today.minusDays(StatusService.BAR_DAYS - 1L);
        Map<MonitorId, Map<LocalDate, List<String>>> byService = new HashMap<>();
        // Oldest first, so that a day lists its incidents in the order they began.
        for (Incident incident : incidents.between(first.atStartOfDay(ZoneOffset.UTC).toInstant(), now).reversed()) {
            if (incident.isUpcomingAt(now)) {
                continue;
            }
            LocalDate from = PageViews.today(incident.startedAt());
            LocalDate to = PageViews.today(incident.resolvedAt().filter(end -> end.isBefore(now)).orElse(now));
            for (LocalDate day = from.isBefore(first) ? first : from; !day.isAfter(to) && !day.isAfter(today);
                 day = day.plusDays(1)) {
                for (MonitorId service : incident.services()) {
                    byService.computeIfAbsent(service, s -> new TreeMap<>())
                            .computeIfAbsent(day, d -> new ArrayList<>()).add(incident.title());
                }
            }
        }
        Map<MonitorId, Map<LocalDate, List<String>>> frozen = new HashMap<>();
        byService.forEach((service, days) -> {
            Map<LocalDate, List<String>> copy = new TreeMap<>();
            days.forEach((day, titles) -> copy.put(day, List.copyOf(titles)));
            frozen.put(service, java.util.Collections.unmodifiableMap(copy));
        });
        return Map.copyOf(frozen);
    }
}
