package dev.upwatch.web.feed;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an incident feed, independent of the feed format.
 *
 * @param id        stable identifier, an absolute URI ({@code urn:uuid:...}) derived from the page and the incident or
 *                  maintenance occurrence, so that it is the same on every host and after a restart
 * @param title     one line, e.g. {@code Resolved: API is down}
 * @param published when it began
 * @param updated   when it last changed (never after the feed was made)
 * @param text      plain-text body: affected services, times, timeline
 * @param link      path of the page that shows it, relative to the page's root (e.g. {@code history#incident-x})
 */
record FeedEntry(String id, String title, Instant published, Instant updated, String text, String link) {
    FeedEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(link, "link");
    }
}
