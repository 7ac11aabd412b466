package dev.upwatch.web.report;

import dev.upwatch.web.page.StatusPageView;
import dev.upwatch.web.page.TimeView;

import java.util.List;

/**
 * What the printable report page shows ({@code report.ftlh}); every text is ready to print, in the page's language.
 *
 * @param title        the page's title
 * @param chrome       logo, links, footer and languages
 * @param heading      {@code SLA report}, or the service's name and that
 * @param from         the period's start
 * @param to           the period's end (exclusive)
 * @param partial      a note when the period asked for reaches beyond now, empty otherwise
 * @param generatedAt  when it was made
 * @param month        the month shown in the month picker, e.g. {@code 2026-03}
 * @param previous     link to the previous month's report
 * @param next         link to the next month's report; empty when that month has not begun
 * @param csv          link to this report as CSV
 * @param json         link to this report as JSON
 * @param totals       the page's totals; null on a one-service report
 * @param services     one row per service
 * @param incidents    the incidents of the period
 */
public record ReportPageView(String title, StatusPageView.ChromeView chrome, String heading, TimeView from,
                             TimeView to, String partial, TimeView generatedAt, String month, String previous, String next,
                             String csv, String json, TotalsView totals, List<ServiceView> services,
                             List<IncidentView> incidents) {

    /**
     * The page's totals.
     *
     * @param uptime                    uptime over all checks, maintenance left out
     * @param uptimeCountingMaintenance the same, maintenance counted as down
     * @param downtime                  DOWN time added up
     * @param incidents                 number of incidents
     * @param incidentTime              their time added up
     * @param targets                   e.g. {@code 3 met, 1 missed}, or a dash
     */
    public record TotalsView(String uptime, String uptimeCountingMaintenance, String downtime, long incidents,
                             String incidentTime, String targets) {
    }

    /**
     * One service.
     *
     * @param id                        monitor id
     * @param name                      display name
     * @param link                      its own report
     * @param uptime                    e.g. {@code 99.9532 %}, or a dash
     * @param uptimeCountingMaintenance the same with maintenance counted as down
     * @param target                    e.g. {@code 99.9 %}, or a dash
     * @param verdict                   {@code met}, {@code missed} or {@code none} (CSS hook)
     * @param verdictText               {@code Met}, {@code Missed} or a dash
     * @param budget                    error budget left, e.g. {@code 62.5% left (3 of 8 failed checks)}
     * @param downtime                  DOWN time, e.g. {@code 12 min}
     * @param incidents                 number of incidents
     * @param incidentTime              their time added up
     * @param p50                       median response time
     * @param p95                       95th percentile
     * @param p99                       99th percentile
     * @param checks                    checks in words, e.g. {@code 43,200 checks (12 failed, 3 errors, 40 in maintenance)}
     */
    public record ServiceView(String id, String name, String link, String uptime, String uptimeCountingMaintenance,
                              String target, String verdict, String verdictText, String budget, String downtime,
                              long incidents, String incidentTime, String p50, String p95, String p99, String checks) {
    }

    /**
     * One incident.
     *
     * @param title    title
     * @param impact   e.g. {@code down}
     * @param services affected services, names
     * @param from     start within the period
     * @param to       end within the period, or null while it goes on
     * @param duration time within the period
     */
    public record IncidentView(String title, String impact, String services, TimeView from, TimeView to,
                               String duration) {
    }
}
