package dev.upwatch.core.report;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.RollupTotal;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.rule.UptimeCalculator;
import dev.upwatch.core.service.RollupRetention;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes SLA reports from the rollups, exactly: a period is tiled by whole rollup buckets
 * ({@link UptimeCalculator#ranges}), each read once and summed in the store ({@link RollupQuery#totals}), and every
 * figure follows from the sums by {@link UptimeCalculator}. A period that reaches into buckets retention has already
 * deleted is refused rather than answered short ({@link ReportRangeException}).
 *
 * <p>Which services a report shows is the {@link StatusQuery} it is given: the public view on public routes, so a
 * private monitor is never in a public report; incidents come from the matching {@link IncidentQuery}.
 */
public final class SlaReports {
    private final StatusQuery status;
    private final IncidentQuery incidents;
    private final RollupQuery rollups;
    private final RollupRetention retention;
    private final Clock clock;

    public SlaReports(StatusQuery status, IncidentQuery incidents, RollupQuery rollups, RollupRetention retention,
                      Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every service the view shows, over {@code requested}. */
    public SlaReport page(ReportPeriod requested) {
        return report(requested, status.snapshot().services().stream().map(ServiceStatus::monitor).toList(), true);
    }

    /** One service over {@code requested}; empty when the view has no such service. */
    public Optional<SlaReport> service(MonitorId id, ReportPeriod requested) {
        return status.service(id).map(service -> report(requested, List.of(service.monitor()), false));
    }

    /** @param wholePage whether incidents that name no service (about the whole page) belong in it */
    private SlaReport report(ReportPeriod requested, List<Monitor> monitors, boolean wholePage) {
        Instant now = clock.instant();
        ReportPeriod period = covered(requested, now);
        List<RollupRange> ranges = UptimeCalculator.ranges(period.from(), period.to());
        Map<MonitorId, RollupTotal> totals = rollups.totals(monitors.stream().map(Monitor::id).toList(), ranges);
        List<Incident> overlapping = incidents.between(period.from(), period.to()).stream()
                .filter(incident -> incident.kind() != Incident.Kind.MAINTENANCE)
                .filter(incident -> incident.overlaps(period.from(), period.to()))
                .sorted(Incident.NEWEST_FIRST)
                .toList();
        List<ServiceSla> services = monitors.stream().map(monitor -> new ServiceSla(monitor,
                totals.getOrDefault(monitor.id(), RollupTotal.empty(monitor.id())),
                overlapping.stream().filter(incident -> incident.affects(monitor.id()))
                        .map(incident -> IncidentSpan.of(incident, period, now)).toList())).toList();
        List<IncidentSpan> spans = overlapping.stream()
                .filter(incident -> monitors.stream().anyMatch(monitor -> incident.affects(monitor.id()))
                        || (wholePage && incident.services().isEmpty()))
                .map(incident -> IncidentSpan.of(incident, period, now)).toList();
        return new SlaReport(requested, period, now, services, spans);
    }

    /**
     * The period a report covers: {@code requested}, ended with the current minute when it reaches beyond, and
     * checked against retention: every rollup range it needs must still be kept.
     *
     * @throws ReportRangeException naming {@code from} or {@code to} when it starts in the future or needs buckets
     *                              retention has deleted
     */
    public ReportPeriod covered(ReportPeriod requested, Instant now) {
        Instant end = RollupTier.MINUTE.floor(now).plus(RollupTier.MINUTE.length());
        if (!requested.from().isBefore(end)) {
            throw new ReportRangeException("from", "must not be in the future, got " + requested.from());
        }
        ReportPeriod period = requested.to().isAfter(end) ? new ReportPeriod(requested.from(), end) : requested;
        for (RollupRange range : UptimeCalculator.ranges(period.from(), period.to())) {
            Instant oldestKept = now.minus(retention.of(range.tier()));
            if (range.from().isBefore(oldestKept)) {
                String parameter = range.from().equals(period.from()) ? "from" : "to";
                throw new ReportRangeException(parameter, switch (range.tier()) {
                    case MINUTE -> "minute rollups are kept " + DurationText.format(retention.minute())
                            + ", so a period reaching further back must " + (parameter.equals("from") ? "start" : "end")
                            + " on a whole hour";
                    case HOUR -> "hour rollups are kept " + DurationText.format(retention.hour())
                            + ", so a period reaching further back must " + (parameter.equals("from") ? "start" : "end")
                            + " on a whole UTC day";
                    case DAY -> "day rollups are kept " + DurationText.format(retention.day())
                            + ", so a period must not start before " + RollupTier.DAY.floor(oldestKept)
                            .plus(RollupTier.DAY.length());
                });
            }
        }
        return period;
    }
}
