package dev.upwatch.web.report;

import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.report.IncidentSpan;
import dev.upwatch.core.report.ServiceSla;
import dev.upwatch.core.report.SlaReport;

import java.time.Duration;
import java.util.OptionalDouble;

/** Builds the report's wire types from the core's report, in one place for the JSON, the CSV and the page. */
final class ReportRepresentations {
    private ReportRepresentations() {
    }

    static ReportJson report(String page, SlaReport report) {
        return new ReportJson(page, report.period().from(), report.period().to(), report.requested().to(),
                report.generatedAt(),
                new ReportJson.TotalsJson(report.counts().successes() + report.counts().failures()
                        + report.counts().errors() + report.maintenance(), value(report.uptime()),
                        value(report.uptimeCountingMaintenance()), minutes(report.downtime()),
                        report.incidents().size(), minutes(report.incidentTime()), report.targetsMet(),
                        report.targetsMissed()),
                report.services().stream().map(ReportRepresentations::service).toList(),
                report.incidents().stream().map(ReportRepresentations::incident).toList());
    }

    static ReportJson.ServiceJson service(ServiceSla service) {
        var totals = service.totals();
        return new ReportJson.ServiceJson(service.monitor().id().value(), service.monitor().name(),
                service.monitor().group(), totals.checks(), totals.successes(), totals.failures(), totals.errors(),
                totals.maintenance(), totals.degraded(), value(service.uptime()),
                value(service.uptimeCountingMaintenance()), minutes(service.downtime()), service.incidents().size(),
                minutes(service.incidentTime()),
                service.responseTimes().map(times -> responseTimes(times, totals.responseMean().orElseThrow()))
                        .orElse(null),
                service.monitor().sla().map(target -> {
                    var budget = service.errorBudget();
                    return new ReportJson.SlaJson(target.text(), budget.map(ErrorBudget::met).orElse(null),
                            budget.map(b -> b.allowed().doubleValue()).orElse(null), totals.failures(),
                            budget.map(ErrorBudget::leftPercent).orElse(null));
                }).orElse(null));
    }

    static ReportJson.IncidentJson incident(IncidentSpan span) {
        var incident = span.incident();
        return new ReportJson.IncidentJson(incident.id().value(), incident.title(), incident.impact().wireName(),
                incident.services().stream().map(MonitorId::value).toList(), incident.startedAt(),
                incident.resolvedAt().orElse(null), minutes(span.duration()));
    }

    private static ReportJson.ResponseTimesJson responseTimes(ResponseTimes times, Duration mean) {
        return new ReportJson.ResponseTimesJson(millis(times.min()), millis(mean), millis(times.p50()),
                millis(times.p95()), millis(times.p99()), millis(times.max()));
    }

    /** Milliseconds to the microsecond. */
    static double millis(Duration duration) {
        return Math.round(duration.toNanos() / 1_000.0) / 1_000.0;
    }

    /** Minutes to the hundredth. */
    static double minutes(Duration duration) {
        return Math.round(duration.toMillis() / 600.0) / 100.0;
    }

    private static Double value(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
