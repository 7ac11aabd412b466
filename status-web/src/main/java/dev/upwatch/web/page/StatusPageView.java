package dev.upwatch.web.page;

import java.util.List;

/**
 * Everything the home page template shows; built by {@link PageViews}, every text in the page's language.
 *
 * @param title          page title
 * @param refreshSeconds how often the page re-reads its updates without a live connection
 * @param headline       headline key, e.g. {@code partial-outage} (CSS hook)
 * @param summary        headline in words
 * @param updatedAt      the newest check
 * @param groups         services by group, in display order
 * @param chrome         logo, links, footer and language links of the page
 * @param incidents      active incidents and current or upcoming maintenance, newest first
 * @param perfectDay     the text of a day cell with every check passed, which the page carries once (not per cell)
 * @param compact        whether the page opens in the compact layout (more than {@value #COMPACT_ABOVE} services; the
 *                       visitor can switch)
 */
public record StatusPageView(String title, long refreshSeconds, String headline, String summary, TimeView updatedAt,
                             List<GroupView> groups, ChromeView chrome, List<IncidentView> incidents,
                             String perfectDay, boolean compact) {

    /** Above this many services the page opens in the compact layout (one line per service). */
    public static final int COMPACT_ABOVE = 20;

    /** A page in the layout its size calls for. */
    public StatusPageView(String title, long refreshSeconds, String headline, String summary, TimeView updatedAt,
                          List<GroupView> groups, ChromeView chrome, List<IncidentView> incidents, String perfectDay) {
        this(title, refreshSeconds, headline, summary, updatedAt, groups, chrome, incidents, perfectDay,
                groups.stream().mapToInt(group -> group.rows().size()).sum() > COMPACT_ABOVE);
    }

    /** The same page with other groups (the home page is rendered with marks in place of its rows). */
    StatusPageView withGroups(List<GroupView> other) {
        return new StatusPageView(title, refreshSeconds, headline, summary, updatedAt, other, chrome, incidents,
                perfectDay, compact);
    }

    /**
     * What frames every page: the logo, header links, footer line and the language links.
     *
     * @param logoUrl   address of the logo image, empty for none
     * @param links     header links
     * @param footer    footer text, empty for none
     * @param slug      the page's slug (names its stylesheet)
     * @param accent    whether the page has an accent colour (its stylesheet {@code page-<slug>.css})
     * @param languages one link per language, the page's own marked
     */
    public record ChromeView(String logoUrl, List<LinkView> links, String footer, String slug, boolean accent,
                             List<LanguageView> languages) {
    }

    /**
     * A header link.
     *
     * @param title text
     * @param url   address (http, https, mailto or a local path; checked when the configuration loads)
     */
    public record LinkView(String title, String url) {
    }

    /**
     * A language the page can be read in.
     *
     * @param tag     its tag, e.g. {@code de}
     * @param name    its name in itself, e.g. {@code Deutsch}
     * @param current whether the page is in it
     */
    public record LanguageView(String tag, String name, boolean current) {
    }

    /**
     * A group of services.
     *
     * @param name        group name
     * @param status      worst status in the group (CSS hook)
     * @param rows        its services' rows as rendered HTML ({@code row.ftlh}, escaped there)
     * @param description text under the group's heading, empty for none
     * @param collapsed   whether the group shows folded until opened
     * @param ids         its services' ids, in the order of {@code rows}
     * @param counts      how many services it has and how many are not up, e.g. {@code 4 services · 1 down}
     */
    public record GroupView(String name, String status, List<String> rows, String description, boolean collapsed,
                            List<String> ids, String counts) {
    }

    /**
     * One service's row.
     *
     * @param id           monitor id
     * @param name         display name
     * @param status       status key ({@code up}, {@code down}, ...)
     * @param statusLabel  status in words
     * @param responseTime latest response time, e.g. {@code 123 ms}, or a dash
     * @param uptime       uptime per window, e.g. 24h → {@code 99.95%}
     * @param bar          the 90-day bar, oldest day first
     * @param today        the bar's last day (UTC), ISO-8601, from which the page script dates the other cells
     * @param todayText    today's cell text with its date, e.g. {@code Nov 24, 2026: 100% uptime, 0 min down}
     * @param downDays     days of the bar with at least one failed check
     * @param sparkline    the response-time sparkline's polyline points, empty without data
     * @param sparklineMax the sparkline's top value, e.g. {@code 240 ms}
     * @param reason       why the service is not up (failing condition or error), empty otherwise
     */
    public record ServiceRowView(String id, String name, String status, String statusLabel, String responseTime,
                                 List<UptimeView> uptime, List<BarCellView> bar, String today, String todayText,
                                 long downDays, String sparkline, String sparklineMax, String reason) {
    }

    /**
     * Uptime over one window.
     *
     * @param window  window label, e.g. {@code 24h}
     * @param value   uptime text, e.g. {@code 99.95%}, or a dash without data
     * @param primary whether this is the configured default window, shown first and emphasised
     */
    public record UptimeView(String window, String value, boolean primary) {
    }

    /**
     * One day of the uptime bar.
     *
     * @param level colour class: {@code none}, {@code ok}, {@code minor}, {@code major}, {@code bad}
     * @param text  tooltip and accessible text without the date, which the page script derives from the cell's
     *              position: e.g. {@code 99.95% uptime, 2 min down. Incident: Database failover}
     * @param news  whether the cell needs its text on the page: anything but a perfect day or a day without data,
     *              whose texts the page carries once
     */
    public record BarCellView(String level, String text, boolean news) {

        /** Whether the cell needs its text on the page. */
        public boolean hasNews() {
            return news;
        }
    }
}
