package dev.upwatch.notify;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.StatusChange;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One notification to send: a status change with its event type, message id and service page.
 *
 * @param id         Standard Webhooks message id ({@code msg_...}); the same for every channel and every retry
 * @param type       what happened
 * @param change     the status change
 * @param serviceUrl the public page of the service, when a public base URL is configured
 */
record Event(String id, EventType type, StatusChange change, Optional<URI> serviceUrl) {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(serviceUrl, "serviceUrl");
    }

    /** A new event with a fresh random id; the service page is {@code <publicBaseUrl>/services/<monitor id>}. */
    static Event of(EventType type, StatusChange change, Optional<URI> publicBaseUrl) {
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        Optional<URI> page = publicBaseUrl.map(base -> URI.create(withoutTrailingSlash(base.toString())
                + "/services/" + change.monitor().id().value()));
        return new Event(id, type, change, page);
    }

    Monitor monitor() {
        return change.monitor();
    }

    /** When the change happened (the start of the check that caused it), ISO-8601 UTC with milliseconds. */
    String timestamp() {
        return ISO_MILLIS.format(change.at());
    }

    /** When the change happened, for people: {@code 2026-11-24 20:01:02 UTC}. */
    String readableTime() {
        return READABLE.format(change.at());
    }

    /** Response time of the check that caused the change, in milliseconds. */
    long responseTimeMs() {
        return change.sample().responseTime().toMillis();
    }

    /** What happened in a few words, e.g. {@code API is down}. */
    String headline() {
        return monitor().name() + " " + verbPhrase();
    }

    /** What happened to the service: {@code is down}, {@code is back up} or {@code is degraded}. */
    String verbPhrase() {
        return switch (type) {
            case DOWN -> "is down";
            case UP -> "is back up";
            case DEGRADED -> "is degraded";
        };
    }

    /** A coloured circle for the new status, for chat messages. */
    String symbol() {
        return switch (type) {
            case DOWN -> "\uD83D\uDD34";
            case UP -> "\uD83D\uDFE2";
            case DEGRADED -> "\uD83D\uDFE0";
        };
    }

    private static String withoutTrailingSlash(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
