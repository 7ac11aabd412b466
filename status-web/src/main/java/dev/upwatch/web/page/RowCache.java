package dev.upwatch.web.page;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The home page's service rows as rendered HTML, kept until the service changes. The live snapshot replaces a
 * service's immutable {@link ServiceStatus} only when a check of it arrives (or its uptime counts are re-read),
 * so a row is rendered once per change instead of once per request; at 1,000 services with 90 day cells each,
 * that rendering is most of the page's cost. The day (the bar ends today) and the default window are part of
 * the key.
 */
final class RowCache {
    private record Entry(ServiceStatus service, LocalDate today, UptimeWindow primary, String html) {
    }

    private final FreemarkerWriter templates;
    private final Map<MonitorId, Entry> rows = new ConcurrentHashMap<>();

    RowCache(FreemarkerWriter templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /** The row of {@code service}, rendered now or earlier for this very status object. */
    String html(ServiceStatus service, LocalDate today, UptimeWindow primary) {
        Entry entry = rows.get(service.monitor().id());
        if (entry != null && entry.service() == service && entry.today().equals(today) && entry.primary() == primary) {
            return entry.html();
        }
        String html = templates.render("row.ftlh", PageViews.row(service, today, primary));
        rows.put(service.monitor().id(), new Entry(service, today, primary, html));
        return html;
    }
}
