package dev.upwatch.web.report;

import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.report.IncidentSpan;
import dev.upwatch.core.report.ReportPeriod;
import dev.upwatch.core.report.ServiceSla;
import dev.upwatch.core.report.SlaReport;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.page.Html;
import dev.upwatch.web.page.PageChrome;
import dev.upwatch.web.page.TimeView;
import dev.upwatch.web.reader.PeriodParameters;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The printable SLA report page of the request's status page, in its language: {@code GET /report} (every service of
 * the page) and {@code /report/services/{id}}, for a month or any period (see {@link PeriodParameters});
 * server-rendered, no script needed, a print stylesheet.
 */
@Path("/report")
public final class ReportPageResource {
    private final PageReports reports;
    private final ReaderScopes scopes;
    private final Clock clock;

    @Inject
    ReportPageResource(PageReports reports, ReaderScopes scopes, Clock clock) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every service of the page. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("month") String month, @QueryParam("from") String from,
                         @QueryParam("to") String to, @Context HttpServletRequest request) {
        ReaderScope scope = scopes.of(request);
        ReportPeriod period = PeriodParameters.of(month, from, to, clock.instant());
        SlaReport report = ReportApiResource.make(reports.of(scope.page())::page, period);
        Messages m = scope.messages();
        return html(view(scope, report, m.text("report.title"), "report", "api/v1/report", true), scope, "./");
    }

    /** One service of the page. */
    @GET
    @Path("services/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response service(@PathParam("id") String id, @QueryParam("month") String month,
                            @QueryParam("from") String from, @QueryParam("to") String to,
                            @Context HttpServletRequest request) {
        ReaderScope scope = scopes.of(request);
        ReportPeriod period = PeriodParameters.of(month, from, to, clock.instant());
        MonitorId monitor = ReportApiResource.monitorId(id);
        SlaReport report = ReportApiResource.make(p -> reports.of(scope.page()).service(monitor, p)
                .orElseThrow(() -> new NotFoundException("no service '" + id + "'")), period);
        String path = "report/services/" + encode(monitor.value());
        return html(view(scope, report, scope.messages().text("report.serviceTitle",
                report.services().getFirst().monitor().name()), path, "api/v1/report/services/" + encode(monitor.value()),
                false), scope, "../../");
    }

    private static Response html(ReportPageView view, ReaderScope scope, String root) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new Html("report.ftlh", view, scope.messages(), root)).cacheControl(noStore)
                .header("Vary", "Accept-Language, Cookie").build();
    }

    /** The report's view; {@code path} and {@code apiPath} are relative to the page's root. */
    private ReportPageView view(ReaderScope scope, SlaReport report, String heading, String path, String apiPath,
                                boolean withTotals) {
        Messages m = scope.messages();
        String base = scope.basePath();
        ReportPeriod period = report.period();
        YearMonth shown = YearMonth.from(period.from().atZone(ZoneOffset.UTC));
        YearMonth current = YearMonth.from(report.generatedAt().atZone(ZoneOffset.UTC));
        String query = "?from=" + encode(period.from().toString()) + "&to=" + encode(report.requested().to().toString());
        Map<MonitorId, String> names = new HashMap<>();
        report.services().forEach(s -> names.put(s.monitor().id(), s.monitor().name()));
        long withTarget = report.targetsMet() + report.targetsMissed();
        ReportPageView.TotalsView totals = withTotals ? new ReportPageView.TotalsView(percent(m, report.uptime()),
                percent(m, report.uptimeCountingMaintenance()), m.duration(report.downtime()),
                report.incidents().size(), m.duration(report.incidentTime()),
                withTarget == 0 ? Messages.NONE : m.text("report.targetsValue", report.targetsMet(), report.targetsMissed()))
                : null;
        return new ReportPageView(scope.title(), PageChrome.of(scope.page(), m), heading,
                TimeView.minute(period.from(), m), TimeView.minute(period.to(), m),
                report.requested().equals(period) ? ""
                        : m.text("report.partial", m.minute(report.requested().to())),
                TimeView.minute(report.generatedAt(), m), shown.toString(),
                base + path + "?month=" + shown.minusMonths(1),
                shown.isBefore(current) ? base + path + "?month=" + shown.plusMonths(1) : "",
                base + apiPath + query + "&format=csv", base + apiPath + query + "&format=json", totals,
                report.services().stream().map(service -> service(m, base, service)).toList(),
                report.incidents().stream().map(span -> incident(m, span, names, report.generatedAt())).toList());
    }

    private static ReportPageView.ServiceView service(Messages m, String base, ServiceSla service) {
        var totals = service.totals();
        var budget = service.errorBudget();
        var times = service.responseTimes();
        return new ReportPageView.ServiceView(service.monitor().id().value(), service.monitor().name(),
                base + "report/services/" + encode(service.monitor().id().value()), percent(m, service.uptime()),
                percent(m, service.uptimeCountingMaintenance()),
                service.monitor().sla().map(t -> m.percent(t.percent(), Math.max(0, t.percent().scale())))
                        .orElse(Messages.NONE),
                budget.map(b -> b.met() ? "met" : "missed").orElse("none"),
                budget.map(b -> m.text(b.met() ? "report.met" : "report.missed")).orElse(Messages.NONE),
                budget.map(b -> budget(m, b)).orElse(Messages.NONE),
                m.duration(service.downtime()), service.incidents().size(), m.duration(service.incidentTime()),
                times.map(t -> millis(m, t.p50())).orElse(Messages.NONE),
                times.map(t -> millis(m, t.p95())).orElse(Messages.NONE),
                times.map(t -> millis(m, t.p99())).orElse(Messages.NONE),
                m.text("report.checks", totals.checks(), totals.failures(), totals.errors(), totals.maintenance()));
    }

    private static String budget(Messages m, ErrorBudget budget) {
        return m.text("report.budgetLeft", m.percent(BigDecimal.valueOf(budget.leftPercent()), 1), budget.used(),
                budget.allowed().stripTrailingZeros());
    }

    private static ReportPageView.IncidentView incident(Messages m, IncidentSpan span, Map<MonitorId, String> names,
                                                        Instant now) {
        var incident = span.incident();
        boolean ongoing = incident.resolvedAt().isEmpty() && span.to().equals(now);
        return new ReportPageView.IncidentView(incident.title(), incident.impact().wireName(),
                incident.services().stream().map(id -> names.getOrDefault(id, id.value())).sorted()
                        .collect(Collectors.joining(", ")),
                TimeView.minute(span.from(), m), ongoing ? null : TimeView.minute(span.to(), m),
                m.duration(span.duration()));
    }

    private static String percent(Messages m, OptionalDouble value) {
        return value.isPresent() ? m.percent(BigDecimal.valueOf(value.getAsDouble()), 4) : Messages.NONE;
    }

    private static String millis(Messages m, Duration duration) {
        return m.millis(duration.toNanos() / 1_000);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
