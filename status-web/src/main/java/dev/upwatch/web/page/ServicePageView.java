package dev.upwatch.web.page;

import java.util.List;

/**
 * Everything the service page ({@code /services/{id}}) shows; built by {@link PageViews}.
 *
 * @param title     the status page's title
 * @param chrome    logo, links and footer
 * @param service   the service's row, as on the home page
 * @param type      probe type, e.g. {@code http}
 * @param interval  time between checks, e.g. {@code 30s}
 * @param conditions the configured conditions
 * @param chart     the response-time chart of the chosen window
 * @param windows   the windows the chart can show, each with whether it is the chosen one
 * @param checks    the newest checks, newest first
 * @param incidents the service's newest incidents, newest first
 */
public record ServicePageView(String title, StatusPageView.ChromeView chrome, StatusPageView.ServiceRowView service, String type, String interval,
                              List<String> conditions, ChartView chart, List<WindowLinkView> windows,
                              List<CheckView> checks, List<IncidentView> incidents) {

    /**
     * A response-time chart: three polylines in a {@value PageViews#CHART_WIDTH} × {@value PageViews#CHART_HEIGHT}
     * SVG box.
     *
     * @param window  window label, e.g. {@code 7d}
     * @param p50     polyline points of the median per bucket; empty without data
     * @param p95     polyline points of the 95th percentile
     * @param p99     polyline points of the 99th percentile
     * @param top     the value at the top edge, e.g. {@code 240 ms}
     * @param summary the window's overall percentiles in words, e.g. {@code p50 12 ms · p95 40 ms · p99 90 ms}
     * @param from    left edge, e.g. {@code 2026-11-23 12:00 UTC}
     * @param to      right edge
     */
    public record ChartView(String window, String p50, String p95, String p99, String top, String summary, String from,
                            String to) {
    }

    /**
     * A link to the chart of another window.
     *
     * @param label   window label
     * @param current whether the page shows this window
     */
    public record WindowLinkView(String label, boolean current) {
    }

    /**
     * One check.
     *
     * @param at           when it started, e.g. {@code 2026-11-24 12:00:01 UTC}
     * @param outcome      {@code success}, {@code failure} or {@code error} (CSS hook)
     * @param responseTime response time, e.g. {@code 12.3 ms}
     * @param detail       the failing conditions with their values, or the probe error; empty on success
     */
    public record CheckView(String at, String outcome, String responseTime, String detail) {
    }
}
