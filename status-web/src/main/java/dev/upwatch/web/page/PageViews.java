package dev.upwatch.web.page;

import dev.upwatch.core.model.Condition;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.SeriesBucket;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.rule.Headline;
import dev.upwatch.core.rule.UptimeCalculator;
import dev.upwatch.core.service.StatusService;
import dev.upwatch.web.i18n.Languages;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.page.StatusPageView.BarCellView;
import dev.upwatch.web.page.StatusPageView.GroupView;
import dev.upwatch.web.page.StatusPageView.ServiceRowView;
import dev.upwatch.web.page.StatusPageView.UptimeView;
import dev.upwatch.web.reader.StatusPage;

import com.ibm.icu.text.ListFormatter;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Builds the pages' view models from the live snapshot: the one place that turns domain into page text, every word
 * and number in the page's language ({@link Messages}).
 */
final class PageViews {
    static final int SPARK_WIDTH = 120;
    static final int SPARK_HEIGHT = 28;
    static final int CHART_WIDTH = 720;
    static final int CHART_HEIGHT = 180;
    /** The windows the service page charts. */
    static final List<UptimeWindow> CHART_WINDOWS = List.of(UptimeWindow.H24, UptimeWindow.D7, UptimeWindow.D30);

    private PageViews() {
    }

    static ServicePageView servicePage(StatusPage page, Messages m, ServiceStatus service, LocalDate today,
                                       UptimeWindow window, Instant from, Instant to, List<SeriesBucket> buckets,
                                       Optional<ResponseTimes> overall, List<Sample> newest, List<Sample> located,
                                       List<IncidentView> incidents) {
        return new ServicePageView(page.title(), chrome(page, m),
                row(m, service, today, page.shared().defaultWindow(), Map.of()),
                service.monitor().probe().type(), DurationText.format(service.monitor().interval()),
                service.monitor().conditions().stream().map(Condition::expression).toList(),
                chart(m, window, from, to, buckets, overall), windowLinks(window), locationChart(m, located),
                checks(m, newest, httpPhases(service, newest)), PhaseBars.medians(m, httpPhases(service, newest)),
                incidents);
    }

    /** The samples as the phase bars see them: HTTP monitors' as they are, others' (a TCP connect, ...) without phases. */
    private static List<Sample> httpPhases(ServiceStatus service, List<Sample> newest) {
        if ("http".equals(service.monitor().probe().type())) {
            return newest;
        }
        return newest.stream().map(s -> new Sample(s.monitorId(), s.startedAt(), s.responseTime(), s.outcome(),
                s.error(), s.conditionResults(), s.certificateExpiry(), Map.of())).toList();
    }

    private static List<ServicePageView.CheckView> checks(Messages m, List<Sample> newest, List<Sample> phased) {
        List<ServicePageView.PhasesView> phases = PhaseBars.perCheck(m, phased);
        List<ServicePageView.CheckView> checks = new ArrayList<>();
        for (int i = 0; i < newest.size(); i++) {
            Sample s = newest.get(i);
            String outcome = s.outcome().wireName();
            checks.add(new ServicePageView.CheckView(TimeView.second(s.startedAt(), m), outcome,
                    m.text("outcome." + outcome), m.millis(s.responseTime().toNanos() / 1_000),
                    s.failureReason().orElse(""), phases.get(i)));
        }
        return checks;
    }

    /** The chartable windows, {@code current} marked. */
    static List<ServicePageView.WindowLinkView> windowLinks(UptimeWindow current) {
        return CHART_WINDOWS.stream().map(w -> new ServicePageView.WindowLinkView(w.label(), w == current)).toList();
    }

    /** Buckets per chart: 30 minutes over 24 h, 3 hours over 7 d, 12 hours over 30 d. */
    static Duration chartResolution(UptimeWindow window) {
        return window.length().dividedBy(window == UptimeWindow.H24 ? 48 : window == UptimeWindow.D7 ? 56 : 60);
    }

    static ServicePageView.ChartView chart(Messages m, UptimeWindow window, Instant from, Instant to,
                                           List<SeriesBucket> buckets, Optional<ResponseTimes> overall) {
        long topMicros = buckets.stream().flatMap(b -> b.responseTimes().stream())
                .mapToLong(t -> t.p99().toNanos() / 1_000).max().orElse(0);
        String summary = overall.map(t -> m.text("chart.summary", m.millis(t.p50().toNanos() / 1_000),
                        m.millis(t.p95().toNanos() / 1_000), m.millis(t.p99().toNanos() / 1_000)))
                .orElse(m.text("chart.empty"));
        return new ServicePageView.ChartView(window.label(), List.of(
                new ServicePageView.SeriesView("p50", "p50", polyline(buckets, topMicros, ResponseTimes::p50)),
                new ServicePageView.SeriesView("p95", "p95", polyline(buckets, topMicros, ResponseTimes::p95)),
                new ServicePageView.SeriesView("p99", "p99", polyline(buckets, topMicros, ResponseTimes::p99))),
                topMicros == 0 ? "" : m.millis(topMicros), summary, TimeView.minute(from, m), TimeView.minute(to, m));
    }

    /** Colors (and dashes) for locations, in name order; more locations reuse them. */
    static final int LOCATION_COLORS = 6;

    /**
     * The response time of {@code newest} (newest first, as read) with one line per location that took them, in
     * location name order; x is each check's start between the oldest and the newest, y its response time. Checks
     * that did not observe the service (error, blocked) and checks without a location (packed, or from before the
     * cluster) are left out. Without series when no check has a location.
     */
    static ServicePageView.ChartView locationChart(Messages m, List<Sample> newest) {
        java.util.TreeMap<dev.upwatch.core.model.Location, List<Sample>> byLocation = new java.util.TreeMap<>();
        for (Sample sample : newest.reversed()) {
            if (sample.outcome().observedService()) {
                sample.location().ifPresent(l -> byLocation.computeIfAbsent(l, k -> new ArrayList<>()).add(sample));
            }
        }
        String window = m.text("chart.latestChecks", newest.size());
        if (byLocation.isEmpty()) {
            return new ServicePageView.ChartView(window, List.of(), "", m.text("chart.empty"),
                    TimeView.minute(Instant.EPOCH, m), TimeView.minute(Instant.EPOCH, m));
        }
        List<Sample> all = byLocation.values().stream().flatMap(List::stream).toList();
        Instant from = all.stream().map(Sample::startedAt).min(Instant::compareTo).orElseThrow();
        Instant to = all.stream().map(Sample::startedAt).max(Instant::compareTo).orElseThrow();
        long topMicros = all.stream().mapToLong(s -> s.responseTime().toNanos() / 1_000).max().orElse(0);
        double span = Math.max(1, Duration.between(from, to).toMillis());
        List<ServicePageView.SeriesView> series = new ArrayList<>();
        List<String> medians = new ArrayList<>();
        int index = 0;
        for (var entry : byLocation.entrySet()) {
            StringBuilder points = new StringBuilder();
            for (Sample sample : entry.getValue()) {
                double x = CHART_WIDTH * Duration.between(from, sample.startedAt()).toMillis() / span;
                long micros = sample.responseTime().toNanos() / 1_000;
                double y = topMicros == 0 ? CHART_HEIGHT - 2
                        : CHART_HEIGHT - 2 - (CHART_HEIGHT - 4) * (double) micros / topMicros;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            String name = entry.getKey().value();
            series.add(new ServicePageView.SeriesView("loc" + index++ % LOCATION_COLORS, name,
                    points.toString().trim()));
            ResponseTimes times = ResponseTimes.of(entry.getValue().stream().map(Sample::responseTime).toList())
                    .orElseThrow();
            medians.add(m.text("chart.locationMedian", name, m.millis(times.p50().toNanos() / 1_000)));
        }
        return new ServicePageView.ChartView(window, series, topMicros == 0 ? "" : m.millis(topMicros),
                String.join(" · ", medians), TimeView.minute(from, m), TimeView.minute(to, m));
    }

    private static String polyline(List<SeriesBucket> buckets, long topMicros, Function<ResponseTimes, Duration> value) {
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

    /**
     * The home page at one live snapshot: its incidents and maintenance at the snapshot's minute, each service's row
     * from {@code rows}, the groups' descriptions and collapsed flags from the stored groups (their order is the
     * snapshot's already).
     */
    static StatusPageView statusPage(StatusPage page, Messages m, LiveSnapshot snapshot, RowCache rows) {
        List<IncidentView> notices = new ArrayList<>(
                snapshot.active().stream().map(i -> incident(m, i, snapshot.names(), snapshot.minute())).toList());
        for (int i = 0; i < snapshot.maintenance().size(); i++) {
            notices.add(maintenance(m, snapshot.maintenance().get(i), snapshot.openMaintenance().get(i), i,
                    snapshot.names()));
        }
        Map<String, MonitorGroup> settings = new HashMap<>();
        snapshot.groups().forEach(group -> settings.put(group.name(), group));
        UptimeWindow primary = page.shared().defaultWindow();
        Map<String, List<ServiceStatus>> byGroup = new LinkedHashMap<>();
        for (ServiceStatus service : snapshot.status().services()) {
            byGroup.computeIfAbsent(service.monitor().group(), g -> new ArrayList<>()).add(service);
        }
        LocalDate today = snapshot.today();
        List<GroupView> groups = new ArrayList<>();
        byGroup.forEach((name, services) -> groups.add(new GroupView(name,
                Status.worst(watched(services)).wireName(),
                services.stream().map(s -> rows.html(s, today, primary,
                        snapshot.barIncidents().getOrDefault(s.monitor().id(), Map.of()))).toList(),
                settings.containsKey(name) ? settings.get(name).description() : "",
                settings.containsKey(name) && settings.get(name).collapsed(),
                services.stream().map(s -> s.monitor().id().value()).toList(), counts(m, services))));
        Headline headline = Headline.of(watched(snapshot.status().services()));
        return new StatusPageView(page.title(), page.shared().refresh().toSeconds(), headline.wireName(),
                m.text("headline." + headline.wireName()), TimeView.second(snapshot.status().updatedAt(), m), groups,
                chrome(page, m), notices, m.text("day.uptime", m.percent(OptionalDouble.of(100)), 0));
    }

    /** The statuses of the services that are not paused: a paused monitor says nothing about its group or the page. */
    static List<Status> watched(List<ServiceStatus> services) {
        return services.stream().filter(s -> !s.monitor().paused()).map(ServiceStatus::status).toList();
    }

    /**
     * {@code 4 services}, with the services not up by status, worst first, then the paused ones:
     * {@code 4 services · 1 down, 1 degraded, 1 paused}.
     */
    static String counts(Messages m, List<ServiceStatus> services) {
        String total = m.text("group.services", services.size());
        List<String> notUp = new ArrayList<>();
        Status[] worstFirst = Status.values();
        for (int i = worstFirst.length - 1; i >= 0; i--) {
            Status status = worstFirst[i];
            long count = services.stream().filter(s -> !s.monitor().paused() && s.status() == status).count();
            if (status != Status.UP && count > 0) {
                notUp.add(m.text("group.notUp." + status.wireName(), count));
            }
        }
        long paused = services.stream().filter(s -> s.monitor().paused()).count();
        if (paused > 0) {
            notUp.add(m.text("group.paused", paused));
        }
        return notUp.isEmpty() ? total : m.text("group.counts", total, list(m, notUp));
    }

    /** Names as the language lists them: {@code A, B and C}, {@code A, B und C}, {@code A、B、C}. */
    static String list(Messages m, List<String> items) {
        return ListFormatter.getInstance(m.locale()).format(items);
    }

    static IncidentView incident(Messages m, Incident incident, Map<MonitorId, String> names, Instant now) {
        // While it goes on, counted in whole minutes of the clock (the page's time is the snapshot's minute).
        Optional<Instant> ended = incident.resolvedAt().filter(e -> !e.isAfter(now));
        Instant end = ended.orElse(now);
        Instant start = ended.isPresent() ? incident.startedAt() : incident.startedAt().truncatedTo(ChronoUnit.MINUTES);
        String state = incident.isUpcomingAt(now) ? m.text("incident.scheduled")
                : ended.isPresent() ? m.text("incident.state.resolved")
                : incident.updates().isEmpty() ? m.text("incident.state.investigating")
                : m.text("incident.state." + incident.updates().getLast().state().wireName());
        List<IncidentView.UpdateView> updates = incident.updates().reversed().stream()
                .map(u -> new IncidentView.UpdateView(TimeView.minute(u.at(), m),
                        m.text("incident.state." + u.state().wireName()), u.message()))
                .toList();
        List<String> services = incident.services().stream().map(id -> names.getOrDefault(id, id.value())).toList();
        return new IncidentView(incident.id().value(), incident.title(), incident.impact().wireName(),
                incident.kind().name().toLowerCase(Locale.ROOT), state, TimeView.minute(incident.startedAt(), m),
                incident.resolvedAt().map(at -> TimeView.minute(at, m)).orElse(null),
                incident.isUpcomingAt(now) ? "" : m.duration(Duration.between(start, end)), services,
                affects(m, services), updates);
    }

    private static String affects(Messages m, List<String> services) {
        return services.isEmpty() ? "" : m.text("incident.affects", list(m, services));
    }

    /**
     * A maintenance window open now ("In progress") or opening soon ("Scheduled"), shown with the incidents; its id
     * ({@code maintenance-<start epoch s>-<n>}) is an anchor only.
     */
    static IncidentView maintenance(Messages m, MaintenanceWindow.Occurrence open, boolean inProgress, int index,
                                    Map<MonitorId, String> names) {
        List<String> services = open.window().monitors().stream().map(id -> names.getOrDefault(id, id.value()))
                .sorted().toList();
        return new IncidentView("maintenance-" + open.start().getEpochSecond() + "-" + index, open.window().title(),
                "maintenance", "maintenance", m.text(inProgress ? "incident.inProgress" : "incident.scheduled"),
                TimeView.minute(open.start(), m), TimeView.minute(open.end(), m),
                m.duration(Duration.between(open.start(), open.end())), services, affects(m, services), List.of());
    }

    /** The last {@code months} calendar months (UTC), newest first, each with its incidents. */
    static IncidentView.HistoryView history(StatusPage page, Messages m, List<Incident> incidents,
                                            Map<MonitorId, String> names, Instant now, int months) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<IncidentView.MonthView> views = new ArrayList<>();
        for (int i = 0; i < months; i++) {
            YearMonth month = current.minusMonths(i);
            Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            views.add(new IncidentView.MonthView(m.month(month),
                    incidents.stream().filter(x -> !x.startedAt().isBefore(from) && x.startedAt().isBefore(to))
                            .map(x -> incident(m, x, names, now)).toList()));
        }
        return new IncidentView.HistoryView(page.title(), chrome(page, m), views);
    }

    /** The frame of {@code page} in the language of {@code m}: logo, links, footer, accent, the language links. */
    static StatusPageView.ChromeView chrome(StatusPage page, Messages m) {
        return new StatusPageView.ChromeView(page.logoUrl().map(java.net.URI::toString).orElse(""),
                page.shared().links().stream().map(l -> new StatusPageView.LinkView(l.title(), l.url().toString()))
                        .toList(),
                page.shared().footer().orElse(""), page.slug(), page.accent().isPresent(),
                Languages.SUPPORTED.stream().map(locale -> new StatusPageView.LanguageView(locale.toLanguageTag(),
                        Languages.name(locale), locale.equals(m.locale()))).toList());
    }

    /**
     * One service's row; {@code incidentsByDay} holds the titles of the service's incidents on each day of the
     * bar that had any.
     */
    static ServiceRowView row(Messages m, ServiceStatus service, LocalDate today, UptimeWindow primary,
                              Map<LocalDate, List<String>> incidentsByDay) {
        List<UptimeView> uptime = new ArrayList<>();
        uptime.add(new UptimeView(primary.label(), m.percent(service.uptime(primary)), true));
        for (UptimeWindow window : UptimeWindow.values()) {
            if (window != primary) {
                uptime.add(new UptimeView(window.label(), m.percent(service.uptime(window)), false));
            }
        }
        List<Duration> recent = service.recentResponseTimes();
        long maxMicros = recent.stream().mapToLong(d -> d.toNanos() / 1_000).max().orElse(0);
        List<BarCellView> bar = bar(m, service.dailyCounts(), today, service.monitor().interval(), incidentsByDay);
        LocalDate first = today.minusDays(StatusService.BAR_DAYS - 1L);
        long imperfect = service.dailyCounts().stream()
                .filter(d -> !d.day().isBefore(first) && !d.day().isAfter(today) && d.counts().failures() > 0).count();
        boolean paused = service.monitor().paused();
        return new ServiceRowView(service.monitor().id().value(), service.monitor().name(),
                paused ? PAUSED : service.status().wireName(),
                paused ? m.text("status.paused") : statusLabel(m, service.status()),
                service.lastSample().map(s -> m.millis(s.responseTime().toNanos() / 1_000)).orElse(Messages.NONE),
                uptime, bar, today.toString(), m.text("day.dated", m.date(today), bar.getLast().text()), imperfect,
                sparkline(recent, maxMicros), maxMicros == 0 ? "" : m.millis(maxMicros), reason(m, service),
                service.locations().values().stream().map(l -> new StatusPageView.LocationView(l.location().value(),
                        l.status().wireName(), statusLabel(m, l.status()), m.millis(l.responseTime().toNanos() / 1_000),
                        l.reason())).toList());
    }

    /** The service's reason, and the locations it fails from while too few for the quorum: "failing from nyc". */
    private static String reason(Messages m, ServiceStatus service) {
        String reason = service.reason().orElse("");
        List<dev.upwatch.core.model.Location> partial = service.failingFrom();
        if (partial.isEmpty() || service.monitor().paused()) {
            return reason;
        }
        String failing = m.text("service.failingFrom",
                String.join(", ", partial.stream().map(dev.upwatch.core.model.Location::value).toList()));
        return reason.isEmpty() ? failing : reason + "; " + failing;
    }

    /** The {@code data-status} of a paused service's row (styled like a service without data). */
    static final String PAUSED = "paused";

    /** The status in words. */
    static String statusLabel(Messages m, Status status) {
        return m.text("status." + status.wireName());
    }

    /**
     * The 90 day cells, oldest first. Down time is estimated as failed checks × the check interval (at most a
     * day); a cell's text leaves out the date, which the page script derives from the cell's position.
     */
    static List<BarCellView> bar(Messages m, List<DailyCounts> days, LocalDate today, Duration interval,
                                 Map<LocalDate, List<String>> incidentsByDay) {
        Map<LocalDate, CheckCounts> byDay = new HashMap<>();
        days.forEach(d -> byDay.put(d.day(), d.counts()));
        List<BarCellView> cells = new ArrayList<>(StatusService.BAR_DAYS);
        for (int i = 0; i < StatusService.BAR_DAYS; i++) {
            LocalDate day = today.minusDays(StatusService.BAR_DAYS - 1L - i);
            CheckCounts counts = byDay.getOrDefault(day, CheckCounts.NONE);
            OptionalDouble uptime = UptimeCalculator.percent(counts);
            long down = uptime.isEmpty() ? 0 : UptimeCalculator.downMinutes(counts.failures(), interval);
            String text = uptime.isEmpty() ? m.text("day.none") : m.text("day.uptime", m.percent(uptime), down);
            boolean perfect = uptime.isPresent() && uptime.getAsDouble() >= 100.0 && down == 0;
            List<String> titles = incidentsByDay.getOrDefault(day, List.of());
            if (!titles.isEmpty()) {
                text = m.text("day.incidents", text, titles.size(), String.join("; ", titles));
            }
            cells.add(new BarCellView(level(uptime), text, !titles.isEmpty() || (uptime.isPresent() && !perfect)));
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

    static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
