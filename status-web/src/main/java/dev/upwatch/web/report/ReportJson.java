package dev.upwatch.web.report;

import java.time.Instant;
import java.util.List;

/**
 * An SLA report as the API shows it ({@code GET /api/v1/report}). Percentages are 0–100 with full precision, null
 * when there were no decisive checks; times are in minutes or milliseconds as named.
 *
 * @param page        the page's title
 * @param from        first instant covered
 * @param to          first instant after the period covered (the current minute's end when the period asked for
 *                    reaches beyond now)
 * @param requestedTo the end asked for
 * @param generatedAt when the report was made
 * @param totals      every service's checks added up
 * @param services    each service, in page order
 * @param incidents   the incidents of these services that overlap the period, newest first
 */
public record ReportJson(String page, Instant from, Instant to, Instant requestedTo, Instant generatedAt,
                         TotalsJson totals, List<ServiceJson> services, List<IncidentJson> incidents) {

    /**
     * The page's totals.
     *
     * @param checks                    every check
     * @param uptime                    uptime over every service's checks, maintenance left out
     * @param uptimeCountingMaintenance the same with checks taken in maintenance counted as down
     * @param downtimeMinutes           the services' DOWN time added up
     * @param incidents                 incidents overlapping the period
     * @param incidentMinutes           their time within the period added up
     * @param targetsMet                services with an SLA target that met it
     * @param targetsMissed             services with an SLA target that missed it
     */
    public record TotalsJson(long checks, Double uptime, Double uptimeCountingMaintenance, double downtimeMinutes,
                             int incidents, double incidentMinutes, long targetsMet, long targetsMissed) {
    }

    /**
     * One service.
     *
     * @param id                        monitor id
     * @param name                      display name
     * @param group                     display group
     * @param checks                    every check in the period
     * @param successes                 passed checks outside maintenance (degraded ones included)
     * @param failures                  failed checks outside maintenance
     * @param errors                    checks our side could not make, outside maintenance (count neither way)
     * @param maintenance               checks taken in a maintenance window
     * @param degraded                  passed checks that left the service DEGRADED
     * @param uptime                    successes ÷ (successes + failures), in percent: the SLA figure
     * @param uptimeCountingMaintenance successes ÷ (successes + failures + maintenance), in percent
     * @param downtimeMinutes           how long the service's status was DOWN
     * @param incidents                 its incidents overlapping the period
     * @param incidentMinutes           their time within the period added up
     * @param responseTimeMs            response-time distribution of the timed checks; null without any
     * @param sla                       how the period stands against the service's target; null without a target
     */
    public record ServiceJson(String id, String name, String group, long checks, long successes, long failures,
                              long errors, long maintenance, long degraded, Double uptime,
                              Double uptimeCountingMaintenance, double downtimeMinutes, int incidents,
                              double incidentMinutes, ResponseTimesJson responseTimeMs, SlaJson sla) {
    }

    /**
     * Response times in milliseconds: min, max and mean exact; percentiles from the rollups' histogram (within 4.9 %).
     */
    public record ResponseTimesJson(double min, double mean, double p50, double p95, double p99, double max) {
    }

    /**
     * A service's target and error budget.
     *
     * @param target            the target uptime in percent, as configured
     * @param met               whether uptime reached it; null when there were no decisive checks
     * @param allowedFailures   failed checks the target allows in the period; null without decisive checks
     * @param failures          failed checks in the period
     * @param budgetLeftPercent the error budget left in percent of the budget (negative: overdrawn); null without checks
     */
    public record SlaJson(String target, Boolean met, Double allowedFailures, long failures, Double budgetLeftPercent) {
    }

    /**
     * One incident.
     *
     * @param id              incident id
     * @param title           title
     * @param impact          worst status it caused
     * @param services        affected services (ids)
     * @param startedAt       when it began
     * @param resolvedAt      when it ended; null while unresolved
     * @param minutesInPeriod how much of it lies in the period
     */
    public record IncidentJson(String id, String title, String impact, List<String> services, Instant startedAt,
                               Instant resolvedAt, double minutesInPeriod) {
    }
}
