package dev.upwatch.core.report;

import dev.upwatch.core.model.ErrorBudget;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.RollupTotal;
import dev.upwatch.core.rule.UptimeCalculator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One service in an SLA report: its checks in the period (from rollups), its incidents, and what follows from them
 * by the core's one uptime definition ({@link UptimeCalculator}).
 *
 * @param monitor   the monitor, with its SLA target if it has one
 * @param totals    its rollups in the period added up
 * @param incidents its incidents (not maintenance notices) that overlap the period, newest first
 */
public record ServiceSla(Monitor monitor, RollupTotal totals, List<IncidentSpan> incidents) {
    public ServiceSla {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(totals, "totals");
        incidents = List.copyOf(incidents);
        if (!totals.monitorId().equals(monitor.id())) {
            throw new IllegalArgumentException("totals of " + totals.monitorId() + " for " + monitor.id());
        }
    }

    /** Uptime in percent with maintenance left out (the SLA figure); empty without decisive checks. */
    public OptionalDouble uptime() {
        return UptimeCalculator.percent(totals.counts());
    }

    /** Uptime in percent with checks taken in maintenance counted as down; empty without such checks. */
    public OptionalDouble uptimeCountingMaintenance() {
        return UptimeCalculator.percentCountingMaintenance(totals.counts(), totals.maintenance());
    }

    /** How the period stands against the monitor's target; empty without a target or without decisive checks. */
    public Optional<ErrorBudget> errorBudget() {
        return monitor.sla().flatMap(target -> UptimeCalculator.errorBudget(totals.counts(), target));
    }

    /** How long the monitor's status was DOWN in the period. */
    public Duration downtime() {
        return totals.down();
    }

    /** The response-time distribution of the timed checks; empty without any. */
    public Optional<ResponseTimes> responseTimes() {
        return totals.responseTimes();
    }

    /** The incidents' time in the period added up (overlapping incidents each count). */
    public Duration incidentTime() {
        return incidents.stream().map(IncidentSpan::duration).reduce(Duration.ZERO, Duration::plus);
    }
}
