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
 * @param checks    the newest checks, newest first
 * @param phases    the median of each HTTP timing phase over {@code checks}; without segments when no check has
 *                  phases (non-HTTP monitors), and then the page shows no phase section
 * @param incidents the service's newest incidents, newest first
 */
public record ServicePageView(String title, StatusPageView.ChromeView chrome, StatusPageView.ServiceRowView service, String type, String interval,
                              List<String> conditions, ChartView chart, List<WindowLinkView> windows,
                              List<CheckView> checks, PhasesView phases, List<IncidentView> incidents) {

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
     * @param from    left edge
     * @param to      right edge
     */
    public record ChartView(String window, String p50, String p95, String p99, String top, String summary, TimeView from,
                            TimeView to) {
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
