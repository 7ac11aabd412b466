package dev.upwatch.web.report;

import dev.upwatch.web.reader.CsvStream;

import java.io.OutputStream;
import java.util.List;

/** An SLA report as CSV: one row per service, the columns of {@link ReportJson.ServiceJson} flattened. */
final class ReportCsv {
    static final List<String> COLUMNS = List.of("service_id", "service_name", "group", "from", "to", "checks",
            "successes", "failures", "errors", "maintenance", "degraded", "uptime_percent",
            "uptime_counting_maintenance_percent", "downtime_minutes", "incidents", "incident_minutes",
            "response_min_ms", "response_mean_ms", "response_p50_ms", "response_p95_ms", "response_p99_ms",
            "response_max_ms", "sla_target_percent", "sla_met", "sla_allowed_failures", "error_budget_left_percent");

    private ReportCsv() {
    }

    static void write(ReportJson report, OutputStream out) {
        try (CsvStream csv = new CsvStream(out, COLUMNS)) {
            for (ReportJson.ServiceJson s : report.services()) {
                ReportJson.ResponseTimesJson t = s.responseTimeMs();
                ReportJson.SlaJson sla = s.sla();
                csv.row(s.id(), s.name(), s.group(), report.from(), report.to(), s.checks(), s.successes(),
                        s.failures(), s.errors(), s.maintenance(), s.degraded(), s.uptime(),
                        s.uptimeCountingMaintenance(), s.downtimeMinutes(), s.incidents(), s.incidentMinutes(),
                        t == null ? null : t.min(), t == null ? null : t.mean(), t == null ? null : t.p50(),
                        t == null ? null : t.p95(), t == null ? null : t.p99(), t == null ? null : t.max(),
                        sla == null ? null : sla.target(), sla == null ? null : sla.met(),
                        sla == null ? null : sla.allowedFailures(), sla == null ? null : sla.budgetLeftPercent());
            }
        }
    }
}
