package dev.upwatch.web.page;

import java.util.List;

/**
 * Everything the home page template shows; built by {@link PageViews}.
 *
 * @param title          page title
 * @param refreshSeconds how often the page re-reads the API
 * @param headline       headline key, e.g. {@code partial-outage} (CSS hook)
 * @param summary        headline in words
 * @param updatedAt      ISO-8601 instant of the newest check
 * @param updatedAtText  the same, for people: {@code 2026-11-24 20:31:46 UTC}
 * @param groups         services by group, in display order
 * @param chrome         logo, links and footer of the page
 * @param incidents      active incidents and current or upcoming maintenance, newest first
 * @param compact        whether the page opens in the compact layout (more than {@value #COMPACT_ABOVE} services; the
 *                       visitor can switch)
 */
public record StatusPageView(String title, long refreshSeconds, String headline, String summary, String updatedAt,
                             String updatedAtText, List<GroupView> groups, ChromeView chrome, List<IncidentView> incidents,
                             boolean compact) {

    /** Above this many services the page opens in the compact layout (one line per service). */
    public static final int COMPACT_ABOVE = 20;

    /** A page in the layout its size calls for. */
    public StatusPageView(String title, long refreshSeconds, String headline, String summary, String updatedAt,
                          String updatedAtText, List<GroupView> groups, ChromeView chrome, List<IncidentView> incidents) {
        this(title, refreshSeconds, headline, summary, updatedAt, updatedAtText, groups, chrome, incidents,
                groups.stream().mapToInt(group -> group.rows().size()).sum() > COMPACT_ABOVE);
    }

    /** The same page with other groups (the home page is rendered with marks in place of its rows). */
    StatusPageView withGroups(List<GroupView> other) {
        return new StatusPageView(title, refreshSeconds, headline, summary, updatedAt, updatedAtText, other, chrome,
                incidents, compact);
    }

    /**
     * What frames every page: the configured logo, header links and footer line.
     *
     * @param logoUrl address of the logo image, empty for none
     * @param links   header links
     * @param footer  footer text, empty for none
     */
    public record ChromeView(String logoUrl, List<LinkView> links, String footer) {
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

        /** A group without stored settings: no description, open. */
        public GroupView(String name, String status, List<String> rows) {
            this(name, status, rows, "", false, List.of(), rows.size() == 1 ? "1 service" : rows.size() + " services");
        }

        /** A group whose rows' ids are not needed. */
        public GroupView(String name, String status, List<String> rows, String description, boolean collapsed) {
            this(name, status, rows, description, collapsed, List.of(),
                    rows.size() == 1 ? "1 service" : rows.size() + " services");
        }
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
     * @param todayText    today's cell text with its date, e.g. {@code 2026-11-24: 100% uptime, 0 min down}
     * @param downDays     days of the bar with at least one failed check
     * @param sparkline    the response-time sparkline's polyline points, empty without data
     * @param sparklineMax the sparkline's top value, e.g. {@code 240 ms}
     * @param reason       why the service is not up (failing condition or error), empty otherwise
     */
    public record ServiceRowView(String id, String name, String status, String statusLabel, String responseTime,
                                 List<UptimeView> uptime, List<BarCellView> bar, String todayText, long downDays, String sparkline, String sparklineMax,
                                 String reason) {
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
     */
    public record BarCellView(String level, String text) {

        /** Whether the cell needs its text on the page: anything but a perfect day without incidents. */
        public boolean hasNews() {
            return !text.equals("100% uptime, 0 min down") && !text.equals("no data");
        }
    }
}
