package dev.upwatch.web.reader;

import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.service.PageScope;
import dev.upwatch.web.auth.PageAccess;
import dev.upwatch.web.config.PageConfig;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One status page as its routes see it: what it is called and looks like, who may read it, and what it shows — the
 * public view narrowed to its monitors ({@link PageScope}), the only status, incidents and maintenance its routes are
 * given. Its links, footer, refresh and default window are the default page's ({@code page}).
 */
public final class StatusPage {
    /** The slug of the default page (in feed ids; no configured page may take it). */
    public static final String DEFAULT_SLUG = "default";

    private final String slug;
    private final Optional<String> host;
    private final String title;
    private final Optional<URI> logoUrl;
    private final Optional<String> accent;
    private final Locale language;
    private final PageAccess access;
    private final Supplier<PageConfig> shared;
    private final PageScope scope;

    /**
     * @param slug     its name in paths ({@value #DEFAULT_SLUG} for the default page)
     * @param host     the host name it is the home page of, if any
     * @param title    title and heading
     * @param logoUrl  logo, if any
     * @param accent   accent colour {@code #rrggbb}, if any
     * @param language its default language
     * @param access   who may read it
     * @param shared   the default page's settings, whose links, footer, refresh and default window every page shares
     * @param scope    what it shows
     */
    public StatusPage(String slug, Optional<String> host, String title, Optional<URI> logoUrl, Optional<String> accent,
                      Locale language, PageAccess access, PageConfig shared, PageScope scope) {
        this(slug, host, title, logoUrl, accent, language, access, constant(shared), scope);
    }

    /**
     * A page whose shared settings are read anew at each use ({@code shared}: the file's, with the console's
     * overrides); the default page's title and logo are the shared ones too.
     */
    public StatusPage(String slug, Optional<String> host, String title, Optional<URI> logoUrl, Optional<String> accent,
                      Locale language, PageAccess access, Supplier<PageConfig> shared, PageScope scope) {
        this.slug = Objects.requireNonNull(slug, "slug");
        this.host = Objects.requireNonNull(host, "host");
        this.title = Objects.requireNonNull(title, "title");
        this.logoUrl = Objects.requireNonNull(logoUrl, "logoUrl");
        this.accent = Objects.requireNonNull(accent, "accent");
        this.language = Objects.requireNonNull(language, "language");
        this.access = Objects.requireNonNull(access, "access");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    public String slug() {
        return slug;
    }

    /** Whether this is the default page ({@code page}, at {@code /}). */
    public boolean isDefault() {
        return slug.equals(DEFAULT_SLUG);
    }

    public Optional<String> host() {
        return host;
    }

    /** Title and heading: the default page's is the shared settings' (the console may change it). */
    public String title() {
        return isDefault() ? shared().title() : title;
    }

    /** The logo: the default page's is the shared settings'; another page's own, else the default page's. */
    public Optional<URI> logoUrl() {
        return isDefault() ? shared().logoUrl() : logoUrl.or(() -> shared().logoUrl());
    }

    public Optional<String> accent() {
        return accent;
    }

    /** The language of a visitor whose browser asks for none of those offered. */
    public Locale language() {
        return language;
    }

    public PageAccess access() {
        return access;
    }

    /** The settings every page shares: links, footer, refresh, default window, public address. */
    public PageConfig shared() {
        return shared.get();
    }

    /** The page's services. */
    public StatusQuery status() {
        return scope.status();
    }

    /** The incidents of the page's services. */
    public IncidentQuery incidents() {
        return scope.incidents();
    }

    /** The maintenance windows of the page's services. */
    public MaintenanceQuery maintenance() {
        return scope.maintenance();
    }

    private static Supplier<PageConfig> constant(PageConfig shared) {
        java.util.Objects.requireNonNull(shared, "shared");
        return () -> shared;
    }

    @Override
    public String toString() {
        return "page " + slug;
    }
}
