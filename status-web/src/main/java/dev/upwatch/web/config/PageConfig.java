package dev.upwatch.web.config;

import dev.upwatch.core.model.UptimeWindow;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The public status page.
 *
 * @param title         page title and heading
 * @param refresh       how often the open page re-reads the status API
 * @param publicUrl     the page's public address, used for links in notifications, if known
 * @param logoUrl       an image shown before the title (http, https or a path on this server), if any
 * @param links         links shown in the header, in order
 * @param footer        a line of text in the footer, if any
 * @param defaultWindow the uptime window the page shows first
 * @param corsOrigins   origins allowed to read the API from a browser ({@code *} for any); empty: none
 */
public record PageConfig(String title, Duration refresh, Optional<URI> publicUrl, Optional<URI> logoUrl,
                         List<Link> links, Optional<String> footer, UptimeWindow defaultWindow, List<String> corsOrigins) {
    public PageConfig {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(logoUrl, "logoUrl");
        links = List.copyOf(links);
        Objects.requireNonNull(footer, "footer");
        Objects.requireNonNull(defaultWindow, "defaultWindow");
        corsOrigins = List.copyOf(corsOrigins);
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
