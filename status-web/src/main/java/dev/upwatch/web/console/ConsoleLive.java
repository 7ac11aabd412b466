package dev.upwatch.web.console;

import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.page.BarIncidents;
import dev.upwatch.web.page.FreemarkerWriter;
import dev.upwatch.web.page.LiveDocument;
import dev.upwatch.web.page.LiveSignal;
import dev.upwatch.web.page.LiveSnapshots;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's one source: the engine's full view (private monitors included) versioned by a {@link LiveSnapshots}
 * of its own — the class, signal and versions the public pages use — and per query one {@link LiveDocument}, the
 * dashboard's body rendered once per version for every request and open dashboard with that query
 * ({@link ConsoleLiveRoute} streams its fragments). The query of the open page decides which rows its fragments hold.
 */
@Singleton
public final class ConsoleLive {
    /** Queries whose renders are kept, the least recently used going first. */
    static final int KEPT_QUERIES = 256;
    static final String BODY_TEMPLATE = "console/dashboard-body.ftlh";

    private final LiveSnapshots snapshots;
    private final FreemarkerWriter templates;
    private final ConsoleDashboard dashboard = new ConsoleDashboard();
    private final Map<DashboardQuery, LiveDocument> documents = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DashboardQuery, LiveDocument> eldest) {
            return size() > KEPT_QUERIES;
        }
    };

    @Inject
    ConsoleLive(UpwatchEngine engine, IncidentService incidents, MaintenanceCalendar maintenance, BarIncidents bars,
                GroupCatalog groups, LiveSignal signal, Clock clock, FreemarkerWriter templates) {
        this(new LiveSnapshots(engine.statusQuery(), incidents, maintenance, bars, groups, signal, clock), templates);
    }

    /** @param snapshots versions of the full view (every monitor) */
    ConsoleLive(LiveSnapshots snapshots, FreemarkerWriter templates) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /** The versions the dashboard is rendered at. */
    LiveSnapshots snapshots() {
        return snapshots;
    }

    /** The dashboard's body for {@code query} now: the markup an open page's fragments are cut from. */
    String body(DashboardQuery query) {
        return document(query).html(snapshots.current());
    }

    /** The dashboard's renders for {@code query}, kept while it is among the {@value #KEPT_QUERIES} last asked for. */
    LiveDocument document(DashboardQuery query) {
        synchronized (documents) {
            return documents.computeIfAbsent(query, q -> new LiveDocument(templates, BODY_TEMPLATE,
                    ConsoleResource.TEXTS, "/admin/", snapshot -> new DashboardView(
                            dashboard.page(snapshot.status(), q), q)));
        }
    }

    /** The dashboard query of a page path as the page script sends it: {@code /} and the page's query string. */
    static Optional<DashboardQuery> query(String page) {
        if (page == null || !(page.equals("/") || page.startsWith("/?"))) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        String query = page.length() > 2 ? page.substring(2) : "";
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value); // the first, as Jersey's @QueryParam reads it
        }
        return Optional.of(DashboardQuery.of(parameters.get("group"), parameters.get("status"), parameters.get("type"),
                parameters.get("q"), parameters.get("sort"), parameters.get("order"), parameters.get("page")));
    }
}
