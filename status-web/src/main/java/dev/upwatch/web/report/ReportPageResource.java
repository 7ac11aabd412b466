package dev.upwatch.web.report;

import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.report.IncidentSpan;
import dev.upwatch.core.report.ReportPeriod;
import dev.upwatch.core.report.ServiceSla;
import dev.upwatch.core.report.SlaReport;
import dev.upwatch.core.report.SlaReports;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.page.Html;
import dev.upwatch.web.page.PageChrome;
import dev.upwatch.web.reader.PeriodParameters;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The printable SLA report page: {@code GET /report} (every public service) and {@code /report/services/{id}},
 * for a month or any period (see {@link PeriodParameters}); server-rendered, no script needed, a print stylesheet.
 */
@Path("/report")
public final class ReportPageResource {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private final SlaReports reports;
    private final PageConfig page;
    private final Clock clock;

    @Inject
    ReportPageResource(SlaReports reports, PageConfig page, Clock clock) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.page = Objects.requireNonNull(page, "page");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every public service of the page. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("month") String month, @QueryParam("from") String from,
                         @QueryParam("to") String to) {
        ReportPeriod period = PeriodParameters.of(month, from, to, clock.instant());
        SlaReport report = ReportApiResource.make(reports::page, period);
        return html(view(report, "SLA report", "/report", "/api/v1/report", true));
    }

    /** One public service. */
    @GET
    @Path("services/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response service(@PathParam("id") String id, @QueryParam("month") String month,
                            @QueryParam("from") String from, @QueryParam("to") String to) {
        ReportPeriod period = PeriodParameters.of(month, from, to, clock.instant());
        MonitorId monitor = ReportApiResource.monitorId(id);
        SlaReport report = ReportApiResource.make(p -> reports.service(monitor, p)
                .orElseThrow(() -> new NotFoundException("no service '" + id + "'")), period);
        String path = "/report/services/" + encode(monitor.value());
        return html(view(report, report.services().getFirst().monitor().name() + " · SLA report", path,
                "/api/v1/report/services/" + encode(monitor.value()), false));
    }

    private static Response html(ReportPageView view) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new Html("report.ftlh", view)).cacheControl(noStore).build();
    }

    private ReportPageView view(SlaReport report, String heading, String path, String apiPath, boolean withTotals) {
        ReportPeriod period = report.period();
        YearMonth shown = YearMonth.from(period.from().atZone(ZoneOffset.UTC));
        YearMonth current = YearMonth.from(report.generatedAt().atZone(ZoneOffset.UTC));
        String query = "?from=" + encode(period.from().toString()) + "&to=" + encode(report.requested().to().toString());
        Map<MonitorId, String> names = new HashMap<>();
        report.services().forEach(s -> names.put(s.monitor().id(), s.monitor().name()));
        long withTarget = report.targetsMet() + report.targetsMissed();
        ReportPageView.TotalsView totals = withTotals ? new ReportPageView.TotalsView(percent(report.uptime()),
                percent(report.uptimeCountingMaintenance()), PageChrome.duration(report.downtime()),
                report.incidents().size(), PageChrome.duration(report.incidentTime()),
                withTarget == 0 ? "—" : report.targetsMet() + " met, " + report.targetsMissed() + " missed") : null;
        return new ReportPageView(page.title(), PageChrome.of(page), heading,
                MINUTE.format(period.from()) + " – " + MINUTE.format(period.to()),
                report.requested().equals(period) ? ""
                        : "The period asked for ends " + MINUTE.format(report.requested().to())
                        + "; this report covers it up to now.",
                MINUTE.format(report.generatedAt()), shown.toString(),
                path + "?month=" + shown.minusMonths(1),
                shown.isBefore(current) ? path + "?month=" + shown.plusMonths(1) : "",
                apiPath + query + "&format=csv", apiPath + query + "&format=json", totals,
                report.services().stream().map(this::service).toList(),
                report.incidents().stream().map(span -> incident(span, names, report.generatedAt())).toList());
    }

    private ReportPageView.ServiceView service(ServiceSla service) {
        var totals = service.totals();
        var budget = service.errorBudget();
        var times = service.responseTimes();
        String checks = String.format(Locale.ROOT, "%,d checks (%,d failed, %,d errors, %,d in maintenance)",
                totals.checks(), totals.failures(), totals.errors(), totals.maintenance());
        return new ReportPageView.ServiceView(service.monitor().id().value(), service.monitor().name(),
                "/report/services/" + encode(service.monitor().id().value()), percent(service.uptime()),
                percent(service.uptimeCountingMaintenance()),
                service.monitor().sla().map(t -> t.text() + " %").orElse("—"),
                budget.map(b -> b.met() ? "met" : "missed").orElse("none"),
                budget.map(b -> b.met() ? "Met" : "Missed").orElse("—"),
                budget.map(ReportPageResource::budget).orElse("—"),
                PageChrome.duration(service.downtime()), service.incidents().size(),
                PageChrome.duration(service.incidentTime()),
                times.map(t -> millis(t.p50())).orElse("—"), times.map(t -> millis(t.p95())).orElse("—"),
                times.map(t -> millis(t.p99())).orElse("—"), checks);
    }

    private static String budget(ErrorBudget budget) {
        return String.format(Locale.ROOT, "%.1f %% left (%,d of %s failed checks)", budget.leftPercent(),
                budget.used(), budget.allowed().stripTrailingZeros().toPlainString());
    }

    private static ReportPageView.IncidentView incident(IncidentSpan span, Map<MonitorId, String> names, Instant now) {
        var incident = span.incident();
        boolean ongoing = incident.resolvedAt().isEmpty() && span.to().equals(now);
        return new ReportPageView.IncidentView(incident.title(), incident.impact().wireName(),
                incident.services().stream().map(id -> names.getOrDefault(id, id.value())).sorted()
                        .collect(Collectors.joining(", ")),
                MINUTE.format(span.from()), ongoing ? "ongoing" : MINUTE.format(span.to()),
                PageChrome.duration(span.duration()));
    }

    private static String percent(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.4f %%", value.getAsDouble()) : "—";
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
