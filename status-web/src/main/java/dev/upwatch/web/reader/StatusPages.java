package dev.upwatch.web.reader;

import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.service.PageScope;
import dev.upwatch.web.auth.PageAccess;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.StatusPageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every status page, each narrowed from one view: the default page ({@code page}) and those of {@code pages}. Visitors
 * get the pages made from the public view; the console's signed-in staff will get the same pages made from the engine's
 * full view (see {@link ReaderScopes}).
 */
public final class StatusPages {
    private final StatusPage defaultPage;
    private final Map<String, StatusPage> bySlug = new LinkedHashMap<>();
    private final Map<String, StatusPage> byHost = new LinkedHashMap<>();
    private final List<StatusPage> secret = new ArrayList<>();

    private StatusPages(StatusPage defaultPage, List<StatusPage> others) {
        this.defaultPage = defaultPage;
        for (StatusPage page : others) {
            if (bySlug.putIfAbsent(page.slug(), page) != null || page.isDefault()) {
                throw new IllegalArgumentException("the slug " + page.slug() + " is taken");
            }
            page.host().ifPresent(host -> byHost.put(host, page));
            if (page.access() instanceof PageAccess.SecretLink) {
                secret.add(page);
            }
        }
    }

    /**
     * The pages {@code page} and {@code pages} configure, each narrowed from the view of {@code status},
     * {@code incidents} and {@code maintenance}.
     */
    public static StatusPages of(PageConfig page, List<StatusPageConfig> pages, StatusQuery status,
                                 IncidentQuery incidents, MaintenanceQuery maintenance) {
        Objects.requireNonNull(page, "page");
        return of(() -> page, pages, status, incidents, maintenance);
    }

    /**
     * The pages of {@code pages} and the default one, whose shared settings (title, logo, links, footer, ...) are read
     * from {@code shared} at each use: the file's, with the console's overrides.
     */
    public static StatusPages of(Supplier<PageConfig> shared, List<StatusPageConfig> pages, StatusQuery status,
                                 IncidentQuery incidents, MaintenanceQuery maintenance) {
        PageConfig page = shared.get();
        StatusPage defaultPage = new StatusPage(StatusPage.DEFAULT_SLUG, Optional.empty(), page.title(),
                Optional.empty(), page.accent(), page.language().orElse(Locale.ENGLISH), PageAccess.OPEN, shared,
                PageScope.of(page.selection(), status, incidents, maintenance));
        List<StatusPage> others = pages.stream().map(other -> new StatusPage(other.slug(), other.host(), other.title(),
                other.logoUrl(), other.accent(), other.language().orElse(defaultPage.language()),
                other.access(), shared, PageScope.of(other.selection(), status, incidents, maintenance))).toList();
        return new StatusPages(defaultPage, others);
    }

    /** The page at {@code /}. */
    public StatusPage defaultPage() {
        return defaultPage;
    }

    /** Every page, the default one first. */
    public List<StatusPage> all() {
        List<StatusPage> all = new ArrayList<>();
        all.add(defaultPage);
        all.addAll(bySlug.values());
        return List.copyOf(all);
    }

    /** The page of {@code slug}, the default page included. */
    public Optional<StatusPage> bySlug(String slug) {
        return slug.equals(StatusPage.DEFAULT_SLUG) ? Optional.of(defaultPage) : Optional.ofNullable(bySlug.get(slug));
    }

    /** The page whose host name is {@code host} (compared without case and port), if any. */
    public Optional<StatusPage> byHost(String host) {
        if (host == null || byHost.isEmpty()) {
            return Optional.empty();
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.indexOf(']') < colon) {
            name = name.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return Optional.ofNullable(byHost.get(name));
    }

    /**
     * The page whose secret link holds {@code secret}: its digest is compared with every secret page's in constant
     * time, all of them, so the answer's timing tells nothing about how near a guess was.
     */
    public Optional<StatusPage> bySecret(String secret) {
        if (this.secret.isEmpty() || secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        TokenDigest presented = TokenDigest.of(secret);
        StatusPage found = null;
        for (StatusPage page : this.secret) {
            if (((PageAccess.SecretLink) page.access()).digest().matches(presented)) {
                found = page;
            }
        }
        return Optional.ofNullable(found);
    }
}
