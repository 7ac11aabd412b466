package dev.upwatch.web.page;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.web.i18n.Messages;

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
 * the key, and so are the titles of the service's incidents on the bar's days. One cache per page and language.
 */
final class RowCache {
    private record Entry(ServiceStatus service, LocalDate today, UptimeWindow primary,
                         Map<LocalDate, List<String>> incidents, String html) {
    }

    private final FreemarkerWriter templates;
    private final Messages messages;
    private final String root;
    private final Map<MonitorId, Entry> rows = new ConcurrentHashMap<>();

    /** Rows in the language of {@code messages}, their links relative to {@code root}. */
    RowCache(FreemarkerWriter templates, Messages messages, String root) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The row of {@code service} with its incidents' titles by day, rendered now or earlier for the same input. */
    String html(ServiceStatus service, LocalDate today, UptimeWindow primary, Map<LocalDate, List<String>> incidents) {
        Entry entry = rows.get(service.monitor().id());
        if (entry != null && entry.service() == service && entry.today().equals(today) && entry.primary() == primary
                && entry.incidents().equals(incidents)) {
            return entry.html();
        }
        String html = templates.render("row.ftlh", PageViews.row(messages, service, today, primary, incidents), messages,
                root);
        rows.put(service.monitor().id(), new Entry(service, today, primary, incidents, html));
        return html;
    }
}
