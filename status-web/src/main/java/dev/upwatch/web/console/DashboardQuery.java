package dev.upwatch.web.console;

import java.util.Locale;
import java.util.Objects;

/**
 * What the dashboard is asked to show: filters, search, order and page, read from the query string (so every view is
 * a link, and the page works without JavaScript). Unknown or out-of-range values fall back to the defaults.
 *
 * @param group  only this group, or empty for all
 * @param status only this status (wire name), or empty for all
 * @param type   only this probe type, or empty for all
 * @param search text the name or id must contain (case-insensitive), or empty
 * @param sort   the column to order by
 * @param descending true for the reverse order
 * @param page   the page, from 1
 */
public record DashboardQuery(String group, String status, String type, String search, Sort sort, boolean descending,
                             int page) {
    /** Rows per page: enough to scan, few enough that a page renders in a few milliseconds at any monitor count. */
    public static final int PAGE_SIZE = 100;
    /** Longest search text, in characters. */
    static final int MAX_SEARCH = 100;

    /** The columns the dashboard can be ordered by. */
    public enum Sort {
        /** The page's own order: groups, then the monitors within them. */
        PAGE, NAME, STATUS, GROUP, TYPE, RESPONSE, SINCE;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Sort of(String text) {
            for (Sort sort : values()) {
                if (sort.wireName().equals(text)) {
                    return sort;
                }
            }
            return PAGE;
        }
    }

    public DashboardQuery {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(sort, "sort");
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1, got " + page);
        }
    }

    /** Everything, in page order, first page. */
    public static final DashboardQuery ALL = new DashboardQuery("", "", "", "", Sort.PAGE, false, 1);

    /** The query the parameters describe; what cannot be read is left at its default. */
    public static DashboardQuery of(String group, String status, String type, String search, String sort, String order,
                                    String page) {
        int number;
        try {
            number = page == null ? 1 : Math.max(1, Math.min(1_000_000, Integer.parseInt(page.trim())));
        } catch (NumberFormatException e) {
            number = 1;
        }
        String text = clean(search);
        return new DashboardQuery(clean(group), clean(status), clean(type),
                text.length() > MAX_SEARCH ? text.substring(0, MAX_SEARCH) : text, Sort.of(sort), "desc".equals(order),
                number);
    }

    private static String clean(String text) {
        return text == null ? "" : text.trim();
    }
}
