package dev.upwatch.web.page;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.condition.Condition;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.SeriesBucket;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.rule.Headline;
import dev.upwatch.core.rule.UptimeCalculator;
import dev.upwatch.core.service.StatusService;
import dev.upwatch.web.page.StatusPageView.BarCellView;
import dev.upwatch.web.page.StatusPageView.GroupView;
import dev.upwatch.web.page.StatusPageView.ServiceRowView;
import dev.upwatch.web.page.StatusPageView.UptimeView;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds the page's view models from the live snapshot; the one place that turns domain into page text. */
final class PageViews {
    static final int SPARK_WIDTH = 120;
    static final int SPARK_HEIGHT = 28;
    /** The page script prints the same format. */
    private static final java.time.format.DateTimeFormatter TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    static final int CHART_WIDTH = 720;
    static final int CHART_HEIGHT = 180;
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private PageViews() {
    }

    static ServicePageView servicePage(PageConfig page, ServiceStatus service, LocalDate today, UptimeWindow window,
                                       java.time.Instant from, java.time.Instant to, List<SeriesBucket> buckets,
                                       Optional<ResponseTimes> overall, List<Sample> newest) {
        return servicePage(page, service, today, window, from, to, buckets, overall, newest, List.of());
    }

    static ServicePageView servicePage(PageConfig page, ServiceStatus service, LocalDate today, UptimeWindow window,
                                       java.time.Instant from, java.time.Instant to, List<SeriesBucket> buckets,
                                       Optional<ResponseTimes> overall, List<Sample> newest, List<IncidentView> incidents) {
        List<ServicePageView.WindowLinkView> windows = windowLinks(window);
        return new ServicePageView(page.title(), chrome(page), row(service, today, page.defaultWindow()),
                service.monitor().probe().type(),
                DurationText.format(service.monitor().interval()),
                service.monitor().conditions().stream().map(Condition::expression).toList(),
                chart(window, from, to, buckets, overall), windows, checks(newest, httpPhases(service, newest)),
                PhaseBars.medians(httpPhases(service, newest)), incidents);
    }

    /** The samples as the phase bars see them: HTTP monitors' as they are, others' (a TCP connect, ...) without phases. */
    private static List<Sample> httpPhases(ServiceStatus service, List<Sample> newest) {
        if ("http".equals(service.monitor().probe().type())) {
            return newest;
        }
        return newest.stream().map(s -> new Sample(s.monitorId(), s.startedAt(), s.responseTime(), s.outcome(),
                s.error(), s.conditionResults(), s.certificateExpiry(), Map.of())).toList();
    }

    private static List<ServicePageView.CheckView> checks(List<Sample> newest, List<Sample> phased) {
        List<ServicePageView.PhasesView> phases = PhaseBars.perCheck(phased);
        List<ServicePageView.CheckView> checks = new ArrayList<>();
        for (int i = 0; i < newest.size(); i++) {
            Sample s = newest.get(i);
            checks.add(new ServicePageView.CheckView(TIMESTAMP.format(s.startedAt()), s.outcome().wireName(),
                    millis(s.responseTime().toNanos() / 1_000), s.failureReason().orElse(""), phases.get(i)));
        }
        return checks;
    }

    /** The chartable windows, {@code current} marked. */
    static List<ServicePageView.WindowLinkView> windowLinks(UptimeWindow current) {
        return CHART_WINDOWS.stream().map(w -> new ServicePageView.WindowLinkView(w.label(), w == current)).toList();
    }

    /** The windows the service page charts. */
    static final List<UptimeWindow> CHART_WINDOWS = List.of(UptimeWindow.H24, UptimeWindow.D7, UptimeWindow.D30);

    /** Buckets per chart: 30 minutes over 24 h, 3 hours over 7 d, 12 hours over 30 d. */
    static java.time.Duration chartResolution(UptimeWindow window) {
        return window.length().dividedBy(window == UptimeWindow.H24 ? 48 : window == UptimeWindow.D7 ? 56 : 60);
    }

    static ServicePageView.ChartView chart(UptimeWindow window, java.time.Instant from, java.time.Instant to,
                                           List<SeriesBucket> buckets, Optional<ResponseTimes> overall) {
        long topMicros = buckets.stream().flatMap(b -> b.responseTimes().stream())
                .mapToLong(t -> t.p99().toNanos() / 1_000).max().orElse(0);
        String summary = overall.map(t -> "p50 " + millis(t.p50().toNanos() / 1_000)
                + " · p95 " + millis(t.p95().toNanos() / 1_000) + " · p99 " + millis(t.p99().toNanos() / 1_000))
                .orElse("No checks in this window");
        return new ServicePageView.ChartView(window.label(),
                polyline(buckets, topMicros, ResponseTimes::p50), polyline(buckets, topMicros, ResponseTimes::p95),
                polyline(buckets, topMicros, ResponseTimes::p99), topMicros == 0 ? "" : millis(topMicros), summary,
                MINUTE.format(from), MINUTE.format(to));
    }

    private static String polyline(List<SeriesBucket> buckets, long topMicros,
                                   java.util.function.Function<ResponseTimes, java.time.Duration> value) {
        if (topMicros == 0 || buckets.isEmpty()) {
            return "";
        }
        StringBuilder points = new StringBuilder();
        double step = (double) CHART_WIDTH / buckets.size();
        for (int i = 0; i < buckets.size(); i++) {
            Optional<ResponseTimes> times = buckets.get(i).responseTimes();
            if (times.isEmpty()) {
                continue;
            }
            long micros = value.apply(times.get()).toNanos() / 1_000;
            double y = CHART_HEIGHT - 2 - (CHART_HEIGHT - 4) * (double) micros / topMicros;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", (i + 0.5) * step, y));
        }
        return points.toString().trim();
    }

    static StatusPageView statusPage(PageConfig page, StatusSnapshot snapshot, LocalDate today, RowCache rows) {
        return statusPage(page, snapshot, today, List.of(), rows);
    }

    static StatusPageView statusPage(PageConfig page, StatusSnapshot snapshot, LocalDate today,
                                     List<IncidentView> activeIncidents, RowCache rows) {
        return statusPage(page, snapshot, today, activeIncidents, Map.of(), rows);
    }

    static StatusPageView statusPage(PageConfig page, StatusSnapshot snapshot, LocalDate today,
                                     List<IncidentView> activeIncidents,
                                     Map<MonitorId, Map<LocalDate, List<String>>> barIncidents, RowCache rows) {
        return statusPage(page, snapshot, today, activeIncidents, barIncidents, List.of(), rows);
    }

    /**
     * The home page; {@code barIncidents} holds each service's incident titles by day of the 90-day bar, and
     * {@code storedGroups} the groups' descriptions and collapsed flags (their order is the snapshot's already).
     */
    static StatusPageView statusPage(PageConfig page, StatusSnapshot snapshot, LocalDate today,
                                     List<IncidentView> activeIncidents,
                                     Map<MonitorId, Map<LocalDate, List<String>>> barIncidents,
                                     List<dev.upwatch.core.model.MonitorGroup> storedGroups, RowCache rows) {
        Map<String, dev.upwatch.core.model.MonitorGroup> settings = new HashMap<>();
        storedGroups.forEach(group -> settings.put(group.name(), group));
        String title = page.title();
        long refreshSeconds = page.refresh().toSeconds();
        UptimeWindow primary = page.defaultWindow();
        Map<String, List<ServiceStatus>> byGroup = new LinkedHashMap<>();
        for (ServiceStatus service : snapshot.services()) {
            byGroup.computeIfAbsent(service.monitor().group(), g -> new ArrayList<>()).add(service);
        }
        List<GroupView> groups = new ArrayList<>();
        byGroup.forEach((name, services) -> groups.add(new GroupView(name,
                Status.worst(watched(services)).wireName(),
                services.stream().map(s -> rows.html(s, today, primary,
                        barIncidents.getOrDefault(s.monitor().id(), Map.of()))).toList(),
                settings.containsKey(name) ? settings.get(name).description() : "",
                settings.containsKey(name) && settings.get(name).collapsed(),
                services.stream().map(s -> s.monitor().id().value()).toList(), counts(services))));
        Headline headline = Headline.of(watched(snapshot.services()));
        return new StatusPageView(title, refreshSeconds, headline.wireName(), headline.text(),
                datetime(snapshot.updatedAt()), TIMESTAMP.format(snapshot.updatedAt()), groups, chrome(page),
                activeIncidents);
    }

    /** The home page at one live snapshot: its incidents and maintenance at the snapshot's minute. */
    static StatusPageView statusPage(PageConfig page, LiveSnapshot snapshot, RowCache rows) {
        List<IncidentView> notices = new ArrayList<>(
                snapshot.active().stream().map(i -> incident(i, snapshot.names(), snapshot.minute())).toList());
        for (int i = 0; i < snapshot.maintenance().size(); i++) {
            notices.add(maintenance(snapshot.maintenance().get(i), snapshot.openMaintenance().get(i), i, snapshot.names()));
        }
        return statusPage(page, snapshot.status(), snapshot.today(), notices, snapshot.barIncidents(), snapshot.groups(),
                rows);
    }

    /** The statuses of the services that are not paused: a paused monitor says nothing about its group or the page. */
    static List<Status> watched(List<ServiceStatus> services) {
        return services.stream().filter(s -> !s.monitor().paused()).map(ServiceStatus::status).toList();
    }

    /**
     * {@code 4 services}, with the services not up by status, worst first, then the paused ones:
     * {@code 4 services · 1 down, 1 degraded, 1 paused}.
     */
    static String counts(List<ServiceStatus> services) {
        StringBuilder text = new StringBuilder(services.size() == 1 ? "1 service" : services.size() + " services");
        List<String> notUp = new ArrayList<>();
        Status[] worstFirst = Status.values();
        for (int i = worstFirst.length - 1; i >= 0; i--) {
            Status status = worstFirst[i];
            long count = services.stream().filter(s -> !s.monitor().paused() && s.status() == status).count();
            if (status != Status.UP && count > 0) {
                notUp.add(count + " " + statusLabel(status).toLowerCase(Locale.ROOT));
            }
        }
        long paused = services.stream().filter(s -> s.monitor().paused()).count();
        if (paused > 0) {
            notUp.add(paused + " paused");
        }
        if (!notUp.isEmpty()) {
            text.append(" · ").append(String.join(", ", notUp));
        }
        return text.toString();
    }

    /** An instant as a valid HTML {@code datetime}: at most millisecond precision (the Nu checker refuses nanoseconds). */
    static String datetime(java.time.Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    static IncidentView incident(Incident incident, Map<MonitorId, String> names, java.time.Instant now) {
        // While it goes on, counted in whole minutes of the clock (the page's time is the snapshot's minute).
        java.time.Instant end = incident.resolvedAt().filter(e -> !e.isAfter(now)).orElse(now);
        java.time.Instant start = incident.resolvedAt().filter(e -> !e.isAfter(now)).isPresent() ? incident.startedAt()
                : incident.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String state = incident.isUpcomingAt(now) ? "Scheduled"
                : incident.resolvedAt().filter(e -> !e.isAfter(now)).isPresent() ? "Resolved"
                : incident.updates().isEmpty() ? "Investigating"
                : words(incident.updates().getLast().state().wireName());
        List<IncidentView.UpdateView> updates = incident.updates().reversed().stream()
                .map(u -> new IncidentView.UpdateView(MINUTE.format(u.at()), datetime(u.at()), words(u.state().wireName()),
                        u.message()))
                .toList();
        return new IncidentView(incident.id().value(), incident.title(), incident.impact().wireName(),
                incident.kind().name().toLowerCase(Locale.ROOT), state, MINUTE.format(incident.startedAt()),
                incident.resolvedAt().map(MINUTE::format).orElse(""),
                incident.isUpcomingAt(now) ? "" : duration(java.time.Duration.between(start, end)),
                incident.services().stream().map(id -> names.getOrDefault(id, id.value())).toList(), updates);
    }

    /**
     * A maintenance window open now ("In progress") or opening soon ("Scheduled"), shown with the incidents; its id
     * ({@code maintenance-<start epoch s>-<n>}) is an anchor only.
     */
    static IncidentView maintenance(dev.upwatch.core.model.MaintenanceWindow.Occurrence open, int index,
                                    Map<MonitorId, String> names, java.time.Instant now) {
        return maintenance(open, open.isOpenAt(now), index, names);
    }

    /** A maintenance window, open now or not. */
    static IncidentView maintenance(dev.upwatch.core.model.MaintenanceWindow.Occurrence open, boolean inProgress,
                                    int index, Map<MonitorId, String> names) {
        return new IncidentView("maintenance-" + open.start().getEpochSecond() + "-" + index, open.window().title(),
                "maintenance", "maintenance", inProgress ? "In progress" : "Scheduled",
                MINUTE.format(open.start()), MINUTE.format(open.end()),
                duration(java.time.Duration.between(open.start(), open.end())),
                open.window().monitors().stream().map(id -> names.getOrDefault(id, id.value())).sorted().toList(), List.of());
    }

    /** The last {@code months} calendar months (UTC), newest first, each with its incidents. */
    static IncidentView.HistoryView history(PageConfig page, List<Incident> incidents, Map<MonitorId, String> names,
                                            java.time.Instant now, int months) {
        java.time.YearMonth current = java.time.YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<IncidentView.MonthView> views = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            java.time.YearMonth month = current.minusMonths(i);
            java.time.Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            java.time.Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            views.add(new IncidentView.MonthView(
                    month.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + " " + month.getYear(),
                    incidents.stream().filter(x -> !x.startedAt().isBefore(from) && x.startedAt().isBefore(to))
                            .map(x -> incident(x, names, now)).toList()));
        }
        return new IncidentView.HistoryView(page.title(), chrome(page), views);
    }

    /** {@code 2 d 3 h}, {@code 1 h 5 min}, {@code 4 min}, {@code under a minute}. */
    static String duration(java.time.Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return "under a minute";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes < 24 * 60) {
            return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
        }
        long hours = minutes / 60;
        return (hours / 24) + " d" + (hours % 24 == 0 ? "" : " " + (hours % 24) + " h");
    }

    private static String words(String wireName) {
        return Character.toUpperCase(wireName.charAt(0)) + wireName.substring(1);
    }

    static StatusPageView.ChromeView chrome(PageConfig page) {
        return new StatusPageView.ChromeView(page.logoUrl().map(java.net.URI::toString).orElse(""),
                page.links().stream().map(l -> new StatusPageView.LinkView(l.title(), l.url().toString())).toList(),
                page.footer().orElse(""));
    }

    static ServiceRowView row(ServiceStatus service, LocalDate today, UptimeWindow primary) {
        return row(service, today, primary, Map.of());
    }

    /**
     * One service's row; {@code incidentsByDay} holds the titles of the service's incidents on each day of the
     * bar that had any.
     */
    static ServiceRowView row(ServiceStatus service, LocalDate today, UptimeWindow primary,
                              Map<LocalDate, List<String>> incidentsByDay) {
        List<UptimeView> uptime = new ArrayList<>();
        uptime.add(new UptimeView(primary.label(), percent(service.uptime(primary)), true));
        for (UptimeWindow window : UptimeWindow.values()) {
            if (window != primary) {
                uptime.add(new UptimeView(window.label(), percent(service.uptime(window)), false));
            }
        }
        List<Duration> recent = service.recentResponseTimes();
        long maxMicros = recent.stream().mapToLong(d -> d.toNanos() / 1_000).max().orElse(0);
        List<BarCellView> bar = bar(service.dailyCounts(), today, service.monitor().interval(), incidentsByDay);
        LocalDate first = today.minusDays(StatusService.BAR_DAYS - 1L);
        long imperfect = service.dailyCounts().stream()
                .filter(d -> !d.day().isBefore(first) && !d.day().isAfter(today) && d.counts().failures() > 0).count();
        boolean paused = service.monitor().paused();
        return new ServiceRowView(service.monitor().id().value(), service.monitor().name(),
                paused ? PAUSED : service.status().wireName(), paused ? "Paused" : statusLabel(service.status()),
                service.lastSample().map(s -> millis(s.responseTime().toNanos() / 1_000)).orElse("—"),
                uptime, bar, today + ": " + bar.getLast().text(), imperfect, sparkline(recent, maxMicros),
                maxMicros == 0 ? "" : millis(maxMicros),
                service.reason().orElse(""));
    }

    /** The {@code data-status} of a paused service's row (styled like a service without data). */
    static final String PAUSED = "paused";

    /** The status in words; the page script holds the same table. */
    static String statusLabel(Status status) {
        return switch (status) {
            case UP -> "Operational";
            case DEGRADED -> "Degraded";
            case DOWN -> "Down";
            case MAINTENANCE -> "Maintenance";
            case UNKNOWN -> "No data yet";
        };
    }

    static List<BarCellView> bar(List<DailyCounts> days, LocalDate today) {
        return bar(days, today, Duration.ofMinutes(1), Map.of());
    }

    /**
     * The 90 day cells, oldest first. Down time is estimated as failed checks × the check interval (at most a
     * day); a cell's text leaves out the date, which the page script derives from the cell's position.
     */
    static List<BarCellView> bar(List<DailyCounts> days, LocalDate today, Duration interval,
                                 Map<LocalDate, List<String>> incidentsByDay) {
        Map<LocalDate, CheckCounts> byDay = new HashMap<>();
        days.forEach(d -> byDay.put(d.day(), d.counts()));
        List<BarCellView> cells = new ArrayList<>(StatusService.BAR_DAYS);
        for (int i = 0; i < StatusService.BAR_DAYS; i++) {
            LocalDate day = today.minusDays(StatusService.BAR_DAYS - 1L - i);
            CheckCounts counts = byDay.getOrDefault(day, CheckCounts.NONE);
            OptionalDouble uptime = UptimeCalculator.percent(counts);
            StringBuilder text = new StringBuilder(uptime.isEmpty() ? "no data"
                    : percent(uptime) + " uptime, " + UptimeCalculator.downMinutes(counts.failures(), interval) + " min down");
            List<String> titles = incidentsByDay.getOrDefault(day, List.of());
            if (!titles.isEmpty()) {
                text.append(titles.size() == 1 ? ". Incident: " : ". Incidents: ").append(String.join("; ", titles));
            }
            cells.add(new BarCellView(level(uptime), text.toString()));
        }
        return cells;
    }

    private static String level(OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return "none";
        }
        double value = uptime.getAsDouble();
        return value >= 99.9 ? "ok" : value >= 99.0 ? "minor" : value >= 95.0 ? "major" : "bad";
    }

    private static String sparkline(List<Duration> recent, long maxMicros) {
        if (recent.size() < 2 || maxMicros == 0) {
            return "";
        }
        StringBuilder points = new StringBuilder();
        double step = (double) SPARK_WIDTH / (recent.size() - 1);
        for (int i = 0; i < recent.size(); i++) {
            long micros = recent.get(i).toNanos() / 1_000;
            long y = Math.round(SPARK_HEIGHT - 1 - (SPARK_HEIGHT - 2) * (double) micros / maxMicros);
            points.append(Math.round(i * step)).append(',').append(y).append(' ');
        }
        return points.toString().trim();
    }

    static String percent(OptionalDouble uptime) {
        if (uptime.isEmpty()) {
            return "—";
        }
        double value = uptime.getAsDouble();
        // Never round 99.996 up to "100%": show 100 only when it is exactly 100.
        if (value >= 100.0) {
            return "100%";
        }
        return String.format(Locale.ROOT, "%.2f%%", Math.floor(value * 100 + 1e-9) / 100);
    }

    static String millis(long micros) {
        if (micros < 10_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1_000.0);
        }
        return (micros / 1_000) + " ms";
    }

    static LocalDate today(java.time.Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
