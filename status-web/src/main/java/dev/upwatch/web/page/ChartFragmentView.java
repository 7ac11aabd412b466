package dev.upwatch.web.page;

import java.util.List;

/**
 * The home page's response-time chart of one service ({@code chart.ftlh}), fetched when a visitor opens it, so
 * that a thousand rows do not each carry a chart.
 *
 * @param name    the service's display name
 * @param chart   the chart of the chosen window
 * @param windows the windows the chart can show, each with whether it is the chosen one
 */
public record ChartFragmentView(String name, ServicePageView.ChartView chart, List<ServicePageView.WindowLinkView> windows) {
}
