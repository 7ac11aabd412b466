package dev.upwatch.web.page;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.SeriesBucket;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.rule.RollupSeries;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.StatusPage;
import dev.upwatch.web.render.LatestRender;
import dev.upwatch.web.render.Renderer;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One status page's live pages in one language, rendered at most once per version of what each shows, shared by every
 * request and every open page of that page and language: the
 * full page and the fragments sent to open pages are the same render ({@link LivePage}). The home page is rendered
 * off the request path from the newest {@link LiveSnapshot}, at most every 200 ms ({@link #HOME_RENDERS}; its rows come from the {@link RowCache}, so only changed services are rendered
 * again, and only changed chunks compressed); a service page when its service, the minute or the incidents change;
 * the history when the minute or the incidents change. At most {@value #KEPT_PAGES} service and history pages are
 * kept, the least recently used going first.
 */
public final class LivePages {
    static final int RECENT_CHECKS = 25;
    /** Checks the chart per location covers: at 3 locations checking every 30 s, the last 50 minutes. */
    static final int LOCATION_CHECKS = 300;
    static final int RECENT_INCIDENTS = 10;
    static final int HISTORY_MONTHS = 6;
    static final int KEPT_PAGES = 256;
    /**
     * How fresh the home page is: a render starts at most every 200 ms (as often as {@link LiveStream} sends an open
     * page its changes), and a request is answered the last render without waiting while that render read its
     * snapshot at most 1 s ago. At 50 snapshot versions a second, that is 5 renders a second instead of 50.
     */
    static final LatestRender.Policy HOME_RENDERS = new LatestRender.Policy(Duration.ofMillis(200), Duration.ofSeconds(1));

    /** The path from a service page to the page's root (home and history are at the root). */
    static final String SERVICE_ROOT = "../";
    static final String ROOT = "./";

    private final StatusQuery status;
    private final IncidentQuery incidents;
    private final StatusPage page;
    private final Messages messages;
    private final FreemarkerWriter templates;
    private final RowCache rows;
    private final HomePageCache compressor = new HomePageCache();
    /** The newest snapshot a caller has seen: what the next render of the home page is made from. */
    private final AtomicReference<LiveSnapshot> newest = new AtomicReference<>();
    private final LatestRender<LiveSnapshot, Home> homeRenders;

    /** A render of the home page and the snapshot it was made from. */
    private record Home(LiveSnapshot snapshot, LivePage page) {
    }
    private final Map<PageKey, Kept> pages = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PageKey, Kept> eldest) {
            return size() > KEPT_PAGES;
        }
    };

    /** A rendered page and what it was rendered from (equal inputs: the same page). */
    private record Kept(Object inputs, LivePage page) {
    }

    /** What a service page shows besides its static parts. */
    private record ServiceInputs(ServiceStatus service, Instant minute, List<Incident> active, long incidentChanges,
                                 Map<?, ?> names) {
    }

    /** What the history page shows. */
    private record HistoryInputs(Instant minute, List<Incident> active, long incidentChanges, Map<?, ?> names) {
    }

    /** The pages of {@code page} in the language of {@code messages}, read through the page's own view. */
    public LivePages(StatusPage page, Messages messages, FreemarkerWriter templates, Renderer renderer) {
        this.page = Objects.requireNonNull(page, "page");
        this.status = page.status();
        this.incidents = page.incidents();
        this.messages = Objects.requireNonNull(messages, "messages");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.rows = new RowCache(templates, messages, ROOT);
        this.homeRenders = renderer.of(newest::get, (home, snapshot) -> home.page().version() >= snapshot.version(),
                (home, snapshot) -> onlyChecksChanged(home.snapshot(), snapshot),
                (snapshot, previous) -> new Home(snapshot, render(snapshot, previous == null ? null : previous.page())),
                HOME_RENDERS);
    }

    /** How many chunks of the home page its last render compressed (the rest were reused); for the benchmark. */
    int lastCompressedChunks() {
        return compressor.lastCompressedChunks();
    }

    /** The page {@code key} at {@code snapshot}; empty for a service that is not on the page. */
    Optional<LivePage> page(PageKey key, LiveSnapshot snapshot) {
        return switch (key.kind()) {
            case HOME -> Optional.of(home(snapshot));
            case HISTORY -> Optional.of(kept(key, new HistoryInputs(snapshot.minute(), snapshot.active(),
                    snapshot.incidentChanges(), snapshot.names()), snapshot, this::history));
            case SERVICE -> {
                Optional<ServiceStatus> service = snapshot.status().services().stream()
                        .filter(s -> s.monitor().id().equals(key.service())).findFirst();
                yield service.map(s -> kept(key, new ServiceInputs(s, snapshot.minute(), snapshot.active(),
                        snapshot.incidentChanges(), snapshot.names()), snapshot, (k, snap) -> service(k, s, snap)));
            }
        };
    }

    /** The home page at {@code snapshot} or at a newer version, waiting for its render if need be. */
    LivePage home(LiveSnapshot snapshot) {
        offer(snapshot);
        return homeRenders.await(snapshot).page();
    }

    /**
     * The home page for a request that saw {@code snapshot}: the last render, without waiting, while it read its
     * snapshot at most {@link #HOME_RENDERS}' staleness bound ago (a newer render is asked for meanwhile); else the
     * next render. When the snapshot changes many times a second, requests copy ready bytes and renders coalesce; each
     * answer is still one whole version, and an open page's stream brings it to the newest ({@link LiveStream} sends
     * the changes since the version it holds).
     */
    LivePage latestHome(LiveSnapshot snapshot) {
        offer(snapshot);
        return homeRenders.latest(snapshot).page();
    }

    /**
     * Whether {@code seen} differs from {@code rendered} only by checks that changed no service's status (response
     * times, last-check times, counts): only then may a request be answered the older render. A status change, an
     * incident, maintenance, a group or a monitor edited, added or moved, or a new minute shows in the next answer —
     * whoever made it and reloads sees it.
     */
    static boolean onlyChecksChanged(LiveSnapshot rendered, LiveSnapshot seen) {
        if (rendered.incidentChanges() != seen.incidentChanges() || !rendered.minute().equals(seen.minute())
                // The maps are the same objects while equal (LiveSnapshots keeps them): compared whole only if not.
                || rendered.names() != seen.names() && !rendered.names().equals(seen.names())
                || rendered.barIncidents() != seen.barIncidents() && !rendered.barIncidents().equals(seen.barIncidents())
                || !rendered.groups().equals(seen.groups()) || !rendered.active().equals(seen.active())
                || !rendered.maintenance().equals(seen.maintenance())
                || !rendered.openMaintenance().equals(seen.openMaintenance())) {
            return false;
        }
        List<ServiceStatus> before = rendered.status().services();
        List<ServiceStatus> now = seen.status().services();
        if (before.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            // The same monitor object while it is not edited; a check keeps it and makes a new status object, whose
            // reason (a refusal, an error, what it is blocked by) the row shows: a new reason is no mere detail.
            ServiceStatus was = before.get(i);
            ServiceStatus is = now.get(i);
            if (was.monitor() != is.monitor() || was.status() != is.status()
                    || was != is && !was.reason().equals(is.reason())) {
                return false;
            }
        }
        return true;
    }

    /** Makes {@code snapshot} what the next render is made from, unless a newer one was seen. */
    private void offer(LiveSnapshot snapshot) {
        LiveSnapshot seen = newest.get();
        if (seen == null || seen.version() < snapshot.version()) {
            newest.accumulateAndGet(snapshot, (a, b) -> a == null || a.version() < b.version() ? b : a);
        }
    }

    /** Renders the home page at {@code snapshot}, {@code last} being the previous render; one at a time. */
    private LivePage render(LiveSnapshot snapshot, LivePage last) {
        StatusPageView view = PageViews.statusPage(page, messages, snapshot, rows);
        List<LivePage.Piece> rowPieces = new ArrayList<>();
        List<StatusPageView.GroupView> marked = new ArrayList<>();
        for (StatusPageView.GroupView group : view.groups()) {
            List<String> marks = new ArrayList<>(group.rows().size());
            for (int i = 0; i < group.rows().size(); i++) {
                marks.add("<!--row:" + rowPieces.size() + "-->");
                rowPieces.add(new LivePage.Piece(HomePageCache.ROW_PREFIX + group.ids().get(i), group.rows().get(i)));
            }
            marked.add(new StatusPageView.GroupView(group.name(), group.status(), marks, group.description(),
                    group.collapsed(), group.ids(), group.counts()));
        }
        String skeleton = templates.render("index.ftlh", view.withGroups(marked), messages, ROOT, snapshot.tag());
        return LivePage.of(snapshot, LivePage.cut(skeleton, rowPieces), last, compressor::compress);
    }

    private interface Source {
        String html(PageKey key, LiveSnapshot snapshot);
    }

    private LivePage kept(PageKey key, Object inputs, LiveSnapshot snapshot, Source source) {
        synchronized (pages) {
            Kept kept = pages.get(key);
            if (kept != null && (kept.inputs().equals(inputs) || kept.page().version() > snapshot.version())) {
                return kept.page();
            }
            LivePage rendered = LivePage.of(snapshot, LivePage.cut(source.html(key, snapshot), List.of()),
                    kept == null ? null : kept.page(), null);
            pages.put(key, new Kept(inputs, rendered));
            return rendered;
        }
    }

    private String history(PageKey key, LiveSnapshot snapshot) {
        Instant now = snapshot.minute();
        Instant from = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(HISTORY_MONTHS - 1L).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        IncidentView.HistoryView view = PageViews.history(page, messages, incidents.between(from, now.plusSeconds(60)),
                snapshot.names(), now, HISTORY_MONTHS);
        return templates.render("history.ftlh", view, messages, ROOT, snapshot.tag());
    }

    private String service(PageKey key, ServiceStatus service, LiveSnapshot snapshot) {
        // The chart ends with the snapshot's minute, so that the checks of this minute are in it.
        ChartSeries chart = chart(service.monitor().id(), key.window(), snapshot.minute().plusSeconds(60));
        ServicePageView view = PageViews.servicePage(page, messages, service, snapshot.today(), chart.window(),
                chart.from(), chart.to(), chart.buckets(), chart.overall(),
                newest(service), located(service), incidents.forService(service.monitor().id(), RECENT_INCIDENTS).stream()
                        .map(i -> PageViews.incident(messages, i, snapshot.names(), snapshot.minute())).toList());
        return templates.render("service.ftlh", view, messages, SERVICE_ROOT, snapshot.tag());
    }

    /** A chart's buckets over {@code [from, to)} and the percentiles of the whole range. */
    record ChartSeries(UptimeWindow window, Instant from, Instant to, List<SeriesBucket> buckets,
                       Optional<ResponseTimes> overall) {
    }

    /**
     * The chart of {@code window} ending at {@code to}, read from the rollups as {@code /api/v1/services/{id}/series}
     * is, so that it costs the same at any check rate and history length: minute rollups over 24 h (1,440 rows at
     * most), hour rollups over 7 d and 30 d (168 and 720 rows). The range starts at the tier's bucket holding
     * {@code to − window}, so it is up to one bucket longer than the window; the percentiles come from the merged
     * 142-bucket latency histograms.
     */
    ChartSeries chart(dev.upwatch.core.model.MonitorId id, UptimeWindow window, Instant to) {
        RollupTier tier = window == UptimeWindow.H24 ? RollupTier.MINUTE : RollupTier.HOUR;
        Instant from = tier.floor(to.minus(window.length()));
        Duration resolution = PageViews.chartResolution(window);
        List<Rollup> rollups = status.rollups(id, RollupSeries.tierFor(from, resolution), from, to);
        List<SeriesBucket> buckets = RollupSeries.of(rollups, from, to, resolution);
        Duration whole = Duration.ofMinutes(Duration.between(from, to).plusSeconds(59).toMinutes());
        Optional<ResponseTimes> overall = RollupSeries.of(rollups, from, to, whole).getFirst().responseTimes();
        return new ChartSeries(window, from, to, buckets, overall);
    }

    /**
     * In a cluster, the newest {@value #LOCATION_CHECKS} checks from every location, for the chart per location; none
     * for a process alone (its samples have no location).
     */
    private List<Sample> located(ServiceStatus service) {
        return service.locations().isEmpty() ? List.of()
                : status.recentSamples(service.monitor().id(), LOCATION_CHECKS);
    }

    /**
     * The newest checks from the store, with the latest check from memory ahead of them while the sample buffer has
     * not written it yet: the table then agrees with the status shown above it.
     */
    private List<Sample> newest(ServiceStatus service) {
        List<Sample> stored = status.recentSamples(service.monitor().id(), RECENT_CHECKS);
        Optional<Sample> last = service.lastSample();
        if (last.isEmpty() || (!stored.isEmpty() && !last.get().startedAt().isAfter(stored.getFirst().startedAt()))) {
            return stored;
        }
        List<Sample> merged = new ArrayList<>(RECENT_CHECKS);
        merged.add(last.get());
        merged.addAll(stored.subList(0, Math.min(stored.size(), RECENT_CHECKS - 1)));
        return merged;
    }
}
