package dev.upwatch.web.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.report.ReportPeriod;
import dev.upwatch.core.report.ReportRangeException;
import dev.upwatch.core.report.SlaReport;
import dev.upwatch.web.api.BadRequestProblem;
import dev.upwatch.web.reader.ExportFormat;
import dev.upwatch.web.reader.PeriodParameters;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * SLA reports of the request's status page as JSON or CSV: {@code GET /api/v1/report} (every service of the page) and
 * {@code GET /api/v1/report/services/{id}} (one), for a month or any period (see {@link PeriodParameters}).
 */
@Path("/api/v1/report")
public final class ReportApiResource {
    private final PageReports reports;
    private final ReaderScopes scopes;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    ReportApiResource(PageReports reports, ReaderScopes scopes, ObjectMapper json, Clock clock) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every public service of the page. */
    @GET
    public Response page(@QueryParam("month") String month, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("format") String format,
                         @Context HttpServletRequest request) {
        ExportFormat chosen = ExportFormat.of(format, ExportFormat.JSON);
        ReportPeriod period = PeriodParameters.of(month, from, to, clock.instant());
        ReaderScope scope = scopes.of(request);
        return answer(scope, chosen, "sla-report", reports.of(scope.page())::page, period);
    }

    /** One public service. */
    @GET
    @Path("services/{id}")
    public Response service(@PathParam("id") String id, @QueryParam("month") String month,
                            @QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("format") String format, @Context HttpServletRequest request) {
        ExportFormat chosen = ExportFormat.of(format, ExportFormat.JSON);
        ReportPeriod period = PeriodParameters.of(month, from, to, clock.instant());
        MonitorId monitor = monitorId(id);
        ReaderScope scope = scopes.of(request);
        return answer(scope, chosen, "sla-report-" + monitor.value(), p -> reports.of(scope.page()).service(monitor, p)
                .orElseThrow(() -> new NotFoundException("no service '" + id + "'")), period);
    }

    static MonitorId monitorId(String id) {
        try {
            return MonitorId.of(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no service '" + id + "'");
        }
    }

    /** Makes the report, turning a period the rollups cannot answer into a 400 naming its parameter. */
    static SlaReport make(Function<ReportPeriod, SlaReport> report, ReportPeriod period) {
        try {
            return report.apply(period);
        } catch (ReportRangeException e) {
            throw new BadRequestProblem(e.parameter(), e.problem());
        }
    }

    private Response answer(ReaderScope scope, ExportFormat format, String name,
                            Function<ReportPeriod, SlaReport> report, ReportPeriod period) {
        ReportJson body = ReportRepresentations.report(scope.title(), make(report, period));
        StreamingOutput out = format == ExportFormat.CSV ? stream -> ReportCsv.write(body, stream)
                : stream -> json.writeValue(stream, body);
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        String file = name + "-" + body.from().toString().substring(0, 10) + "." + format.extension();
        return Response.ok(out, format.mediaType())
                .header("Content-Disposition", format == ExportFormat.CSV ? "attachment; filename=\"" + file + "\""
                        : "inline; filename=\"" + file + "\"")
                .cacheControl(noStore).build();
    }
}
