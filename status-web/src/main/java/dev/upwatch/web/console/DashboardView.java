package dev.upwatch.web.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The dashboard's body (the same for every user, so rendered once per version and query): one page of monitors, the
 * filters as asked, and the links for ordering and paging (each keeps the other parameters).
 *
 * @param page  the monitors of this page and the filters' choices
 * @param query what was asked
 */
public record DashboardView(ConsoleDashboard.Page page, DashboardQuery query) {
    public DashboardView {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(query, "query");
    }

    /** The current sort column's wire name. */
    public String sort() {
        return query.sort().wireName();
    }

    /** The link that orders by {@code column}: ascending, or reversed when it is already ascending. */
    public String sortLink(String column) {
        boolean reverse = query.sort().wireName().equals(column) && !query.descending();
        return link(column, reverse, 1);
    }

    /** {@code ascending}, {@code descending} or {@code none}, for the column header's {@code aria-sort}. */
    public String ariaSort(String column) {
        return !query.sort().wireName().equals(column) ? "none" : query.descending() ? "descending" : "ascending";
    }

    /** The link to page {@code number} of the same view. */
    public String pageLink(int number) {
        return link(query.sort().wireName(), query.descending(), number);
    }

    /** The page numbers to offer: the first, the last and two either side of this one. */
    public List<Integer> pageNumbers() {
        int current = query.page();
        int last = page.pages();
        return java.util.stream.IntStream.rangeClosed(1, last)
                .filter(n -> n == 1 || n == last || Math.abs(n - current) <= 2).boxed().toList();
    }

    private String link(String sort, boolean descending, int number) {
        StringBuilder link = new StringBuilder("/admin?");
        append(link, "group", query.group());
        append(link, "status", query.status());
        append(link, "type", query.type());
        append(link, "q", query.search());
        if (!sort.equals("page")) {
            append(link, "sort", sort);
        }
        if (descending) {
            append(link, "order", "desc");
        }
        if (number > 1) {
            append(link, "page", Integer.toString(number));
        }
        return link.charAt(link.length() - 1) == '?' || link.charAt(link.length() - 1) == '&'
                ? link.substring(0, link.length() - 1) : link.toString();
    }

    private static void append(StringBuilder link, String name, String value) {
        if (!value.isEmpty()) {
            link.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
        }
    }
}
