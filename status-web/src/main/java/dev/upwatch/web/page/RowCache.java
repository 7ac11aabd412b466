package dev.upwatch.web.page;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The home page's service rows as rendered HTML, kept until the service changes. The live snapshot replaces a
 * service's immutable {@link ServiceStatus} only when a check of it arrives (or its uptime counts are re-read),
 * so a row is rendered once per change instead of once per request; at 1,000 services with 90 day cells each,
 * that rendering is most of the page's cost. The day (the bar ends today) and the default window are part of
 * the key, and so are the titles of the service's incidents on the bar's days.
 */
final class RowCache {
    private record Entry(ServiceStatus service, LocalDate today, UptimeWindow primary,
                         Map<LocalDate, List<String>> incidents, String html) {
    }

    private final FreemarkerWriter templates;
    private final Map<MonitorId, Entry> rows = new ConcurrentHashMap<>();

    RowCache(FreemarkerWriter templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /** The row of {@code service}, rendered now or earlier for this very status object. */
    String html(ServiceStatus service, LocalDate today, UptimeWindow primary) {
        return html(service, today, primary, Map.of());
    }

    /** The row of {@code service} with its incidents' titles by day, rendered now or earlier for the same input. */
    String html(ServiceStatus service, LocalDate today, UptimeWindow primary, Map<LocalDate, List<String>> incidents) {
        Entry entry = rows.get(service.monitor().id());
        if (entry != null && entry.service() == service && entry.today().equals(today) && entry.primary() == primary
                && entry.incidents().equals(incidents)) {
            return entry.html();
        }
        String html = templates.render("row.ftlh", PageViews.row(service, today, primary, incidents));
        rows.put(service.monitor().id(), new Entry(service, today, primary, incidents, html));
        return html;
    }
}
