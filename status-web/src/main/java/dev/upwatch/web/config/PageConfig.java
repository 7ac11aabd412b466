package dev.upwatch.web.config;

import dev.upwatch.core.model.PageSelection;
import dev.upwatch.core.model.UptimeWindow;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The default status page, at {@code /} (further pages are {@link StatusPageConfig}s, which share its links, footer,
 * refresh, default window and public address).
 *
 * @param title         page title and heading
 * @param refresh       how often the open page re-reads the status API
 * @param publicUrl     the page's public address, used for links in notifications, if known
 * @param logoUrl       an image shown before the title (http, https or a path on this server), if any
 * @param links         links shown in the header, in order
 * @param footer        a line of text in the footer, if any
 * @param defaultWindow the uptime window the page shows first
 * @param corsOrigins   origins allowed to read the API from a browser ({@code *} for any); empty: none
 * @param selection     the monitors the default page shows ({@link PageSelection#EVERYTHING}: every public one)
 * @param accent        the page's accent colour ({@code #rrggbb}), if any
 * @param language      the language of a visitor whose browser asks for none of those offered; English if not set
 */
public record PageConfig(String title, Duration refresh, Optional<URI> publicUrl, Optional<URI> logoUrl,
                         List<Link> links, Optional<String> footer, UptimeWindow defaultWindow, List<String> corsOrigins,
                         PageSelection selection, Optional<String> accent, Optional<Locale> language) {
    public PageConfig {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(logoUrl, "logoUrl");
        links = List.copyOf(links);
        Objects.requireNonNull(footer, "footer");
        Objects.requireNonNull(defaultWindow, "defaultWindow");
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(accent, "accent");
        Objects.requireNonNull(language, "language");
    }

    /** A default page of every public monitor, without accent colour or default language. */
    public PageConfig(String title, Duration refresh, Optional<URI> publicUrl, Optional<URI> logoUrl,
                      List<Link> links, Optional<String> footer, UptimeWindow defaultWindow, List<String> corsOrigins) {
        this(title, refresh, publicUrl, logoUrl, links, footer, defaultWindow, corsOrigins, PageSelection.EVERYTHING,
                Optional.empty(), Optional.empty());
    }

    /** A page with only the basic settings: no logo, links or footer, 24 h first, no cross-origin reads. */
    public PageConfig(String title, Duration refresh, Optional<URI> publicUrl) {
        this(title, refresh, publicUrl, Optional.empty(), List.of(), Optional.empty(), UptimeWindow.H24, List.of());
    }

    /**
     * A header link.
     *
     * @param title text shown
     * @param url   target: http, https, mailto or a path on this server (never {@code javascript:})
     */
    public record Link(String title, URI url) {
        public Link {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(url, "url");
        }
    }
}
