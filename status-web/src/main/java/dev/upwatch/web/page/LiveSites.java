package dev.upwatch.web.page;

import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.StatusPage;
import dev.upwatch.web.render.Renderer;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live machinery of every status page, made when a page is first asked for: per page one {@link LiveSnapshots}
 * (its versions, from the page's own narrowed view), and per page and language one {@link LivePages} (its renders).
 * So each page is rendered once per version of what it shows and per language asked for, whoever asks — requests and
 * open pages alike; a check of a service that is not on a page makes no new version of that page.
 */
public final class LiveSites {
    private final BarIncidents bars;
    private final GroupCatalog groups;
    private final LiveSignal signal;
    private final Clock clock;
    private final FreemarkerWriter templates;
    private final Renderer renderer;
    private final Map<StatusPage, Site> sites = new ConcurrentHashMap<>();

    /** One page's snapshots and its renders by language. */
    private record Site(LiveSnapshots snapshots, Map<Locale, LivePages> pages) {
    }

    public LiveSites(BarIncidents bars, GroupCatalog groups, LiveSignal signal, Clock clock, FreemarkerWriter templates,
                     Renderer renderer) {
        this.bars = Objects.requireNonNull(bars, "bars");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /** The versioned snapshots of {@code page}. */
    public LiveSnapshots snapshots(StatusPage page) {
        return site(page).snapshots();
    }

    /** The renders of {@code page} in {@code locale}. */
    LivePages pages(StatusPage page, Locale locale) {
        return site(page).pages().computeIfAbsent(locale, l -> new LivePages(page, Messages.of(l), templates, renderer));
    }

    /**
     * Renders the home page of {@code page} in the page's own language, as a request that asks for no language gets
     * it: the start does this while its listener opens, so the first request copies the bytes instead of rendering
     * 1,000 rows itself (a request that comes during this render waits for it rather than rendering again).
     */
    public void renderHome(StatusPage page) {
        pages(page, page.language()).home(snapshots(page).current());
    }

    private Site site(StatusPage page) {
        return sites.computeIfAbsent(page, p -> new Site(new LiveSnapshots(p.status(), p.incidents(), p.maintenance(),
                bars, groups, signal, clock), new ConcurrentHashMap<>()));
    }

    /** Wakes every stream waiting for a newer snapshot of any page (to notice a close). */
    void wake() {
        signal.wake();
    }
}
