package dev.upwatch.web.api;

import java.time.Instant;

/**
 * The {@code change} event of {@code /api/v1/events}: one service changed status, with the page's new headline.
 *
 * @param status    overall status after the change
 * @param headline  overall state as a key, e.g. {@code partial-outage}
 * @param summary   the headline in words
 * @param updatedAt start of the newest check
 * @param service   the service that changed, as in the summary
 */
public record ChangeJson(String status, String headline, String summary, Instant updatedAt, ServiceJson service) {
}
