package dev.upwatch.web.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The public status page.
 *
 * @param title   page title and heading
 * @param refresh how often the open page re-reads the status API
 * @param publicUrl the page's public address, used for links in notifications, if known
 */
public record PageConfig(String title, Duration refresh, Optional<URI> publicUrl) {
    public PageConfig {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(publicUrl, "publicUrl");
    }
}
