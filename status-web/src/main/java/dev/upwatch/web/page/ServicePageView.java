package dev.upwatch.web.page;

import java.util.List;

/**
 * Everything the service page ({@code /services/{id}}) shows; built by {@link PageViews}.
 *
 * @param title     the status page's title
 * @param chrome    logo, links, footer and languages
 * @param service   the service's row, as on the home page
 * @param type      probe type, e.g. {@code http}
 * @param interval  time between checks, e.g. {@code 30s}
 * @param conditions the configured conditions
 * @param chart     the response-time chart of the chosen window
 * @param windows   the windows the chart can show, each with whether it is the chosen one
 * @param byLocation in a cluster, the response time of the latest checks with a series per location that took them;
 *                  without series otherwise (the page then shows no such chart)
 * @param checks    the newest checks, newest first
 * @param phases    the median of each HTTP timing phase over {@code checks}; without segments when no check has
 *                  phases (non-HTTP monitors), and then the page shows no phase section
 * @param incidents the service's newest incidents, newest first
 */
public record ServicePageView(String title, StatusPageView.ChromeView chrome, StatusPageView.ServiceRowView service, String type, String interval,
                              List<String> conditions, ChartView chart, List<WindowLinkView> windows,
                              ChartView byLocation, List<CheckView> checks, PhasesView phases,
                              List<IncidentView> incidents) {

    /**
     * A response-time chart: polylines in a {@value PageViews#CHART_WIDTH} × {@value PageViews#CHART_HEIGHT} SVG box,
     * drawn by one macro ({@code layout.chart}) whatever they are: the percentiles of a window, or one line per location.
     *
     * @param window  what it covers, e.g. {@code 7d} or {@code the latest 300 checks}
     * @param series  the lines, in legend order (the first is drawn on top)
     * @param top     the value at the top edge, e.g. {@code 240 ms}
     * @param summary the chart in words, e.g. {@code p50 12 ms · p95 40 ms · p99 90 ms}: its accessible name with the
     *                window
     * @param from    left edge
     * @param to      right edge
     */
    public record ChartView(String window, List<SeriesView> series, String top, String summary, TimeView from,
                            TimeView to) {
    }

    /**
     * One line of a chart.
     *
     * @param key    CSS hook of its color and dash ({@code chart-KEY}, {@code legend-KEY}): {@code p50}, {@code p95},
     *               {@code p99}, or {@code loc0} to {@code loc5} for locations
     * @param label  its name in the legend, e.g. {@code p50} or {@code nyc}
     * @param points polyline points; empty without data (then it is not drawn, but still named in the legend)
     */
    public record SeriesView(String key, String label, String points) {
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
     * @param at           when it started
     * @param outcome      {@code success}, {@code failure}, {@code error} or {@code blocked} (CSS hook)
     * @param outcomeText  the same in words
     * @param responseTime response time, e.g. {@code 12.3 ms}
     * @param detail       the failing conditions with their values, or the probe error; empty on success
     * @param phases       the check's timing phases; without segments when it has none
     */
    public record CheckView(TimeView at, String outcome, String outcomeText, String responseTime, String detail,
                            PhasesView phases) {
    }

    /**
     * A stacked horizontal bar of timing phases in a {@value PhaseBars#WIDTH} units wide SVG box.
     *
     * @param segments the phases in order; empty when there are none
     * @param text     the bar in words, e.g. {@code DNS 1.2 ms, connect 0.4 ms, TLS 3.1 ms}; its accessible name
     */
    public record PhasesView(List<PhaseSegmentView> segments, String text) {
    }

    /**
     * One phase of a bar.
     *
     * @param key   CSS hook: {@code dns}, {@code connect}, {@code tls}, {@code firstByte}, {@code transfer} or
     *              {@code other}
     * @param label the phase's name for people, e.g. {@code first byte}
     * @param value its duration, e.g. {@code 1.2 ms}
     * @param x     left edge in SVG units
     * @param width width in SVG units
     */
    public record PhaseSegmentView(String key, String label, String value, String x, String width) {
    }
}
