package dev.upwatch.core.report;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.rule.UptimeCalculator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An SLA report: every service of a page (or one service) over a period, with the page's totals.
 *
 * @param requested   the period asked for
 * @param period      the period covered: the one asked for, ended at the current minute when it reaches beyond
 * @param generatedAt when it was made
 * @param services    each service, in display order
 * @param incidents   the incidents (not maintenance notices) of these services that overlap the period, newest first
 */
public record SlaReport(ReportPeriod requested, ReportPeriod period, Instant generatedAt, List<ServiceSla> services,
                        List<IncidentSpan> incidents) {
    public SlaReport {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(generatedAt, "generatedAt");
        services = List.copyOf(services);
        incidents = List.copyOf(incidents);
    }

    /** Every service's check counts added up. */
    public CheckCounts counts() {
        return services.stream().map(s -> s.totals().counts()).reduce(CheckCounts.NONE, CheckCounts::plus);
    }

    /** Checks of all services taken in maintenance. */
    public long maintenance() {
        return services.stream().mapToLong(s -> s.totals().maintenance()).sum();
    }

    /** Uptime over every check of every service, maintenance left out; empty without decisive checks. */
    public OptionalDouble uptime() {
        return UptimeCalculator.percent(counts());
    }

    /** Uptime over every check of every service, maintenance counted as down. */
    public OptionalDouble uptimeCountingMaintenance() {
        return UptimeCalculator.percentCountingMaintenance(counts(), maintenance());
    }

    /** The services' down time added up. */
    public Duration downtime() {
        return services.stream().map(ServiceSla::downtime).reduce(Duration.ZERO, Duration::plus);
    }

    /** The incidents' time in the period added up. */
    public Duration incidentTime() {
        return incidents.stream().map(IncidentSpan::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Services with a target that met it. */
    public long targetsMet() {
        return services.stream().flatMap(s -> s.errorBudget().stream()).filter(ErrorBudget::met).count();
    }

    /** Services with a target that missed it. */
    public long targetsMissed() {
        return services.stream().flatMap(s -> s.errorBudget().stream()).filter(b -> !b.met()).count();
    }
}
