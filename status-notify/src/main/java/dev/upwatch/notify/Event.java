package dev.upwatch.notify;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.Dependencies;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
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
 * @param outage     for {@code service.up}: when the outage (DOWN or DEGRADED) began, if this process saw it begin
 * @param stillDown  for a reminder ({@code service.down} sent again while the service stays down): how long it
 *                   has been down
 * @param flapping   true for the one {@code service.flapping} message sent when the monitor starts flapping
 */
public record Event(String id, EventType type, StatusChange change, Optional<URI> serviceUrl, Optional<Instant> outage,
             Optional<Duration> stillDown, boolean flapping) {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        Objects.requireNonNull(outage, "outage");
        Objects.requireNonNull(stillDown, "stillDown");
    }

    /** A new event with a fresh random id; the service page is {@code <publicBaseUrl>/services/<monitor id>}. */
    static Event of(EventType type, StatusChange change, Optional<URI> publicBaseUrl) {
        return of(type, change, publicBaseUrl, Optional.empty());
    }

    /** A new event, with when the outage it ends began (for {@code service.up}). */
    static Event of(EventType type, StatusChange change, Optional<URI> publicBaseUrl, Optional<Instant> outage) {
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        Optional<URI> page = publicBaseUrl.map(base -> URI.create(withoutTrailingSlash(base.toString())
                + "/services/" + change.monitor().id().value()));
        return new Event(id, type, change, page, type == EventType.UP ? outage : Optional.empty(), Optional.empty(), false);
    }

    public Monitor monitor() {
        return change.monitor();
    }

    /** When the change happened (the start of the check that caused it), ISO-8601 UTC with milliseconds. */
    public String timestamp() {
        return ISO_MILLIS.format(change.at());
    }

    /** When the change happened, for people: {@code 2026-11-24 20:01:02 UTC}. */
    public String readableTime() {
        return READABLE.format(change.at());
    }

    /** Response time of the check that caused the change, in milliseconds. */
    public long responseTimeMs() {
        return change.sample().responseTime().toMillis();
    }

    /** A reminder of this DOWN event, with a fresh id, {@code downFor} after the change. */
    Event reminder(Duration downFor) {
        return new Event("msg_" + UUID.randomUUID().toString().replace("-", ""), type, change, serviceUrl,
                Optional.empty(), Optional.of(downFor), false);
    }

    /** The flapping message this event's transition triggers, with a fresh id. */
    Event asFlapping() {
        return new Event("msg_" + UUID.randomUUID().toString().replace("-", ""), type, change, serviceUrl,
                Optional.empty(), Optional.empty(), true);
    }

    /** The payload's {@code type}: {@code service.flapping} for a flapping message, else the event type's. */
    public String wireName() {
        return flapping ? "service.flapping" : type.wireName();
    }

    /**
     * Why it happened, as every channel shows it: the change's reason, and for a monitor others depend on
     * ({@code depends-on}) the services it takes down with it, e.g. {@code connection refused; also affects 20
     * services: API, Web, … +10 more}, or after a recovery those still down.
     */
    public String reason() {
        if (change.affected().isEmpty()) {
            return change.reason();
        }
        int count = change.affected().size();
        String what = count + " service" + (count == 1 ? "" : "s") + ": " + Dependencies.names(change.affected());
        return change.reason() + (type == EventType.DOWN ? "; also affects " : "; still down: ") + what;
    }

    /** For {@code service.up}: how long the outage lasted, when known. */
    public Optional<Duration> outageDuration() {
        return outage.map(start -> Duration.between(start, change.at())).filter(d -> !d.isNegative());
    }

    /** For {@code service.degraded}: the monitor's response-time threshold ({@code degraded-above}), when set. */
    public Optional<Duration> degradedThreshold() {
        return type == EventType.DEGRADED ? monitor().degradedAbove() : Optional.empty();
    }

    /** What happened in a few words, e.g. {@code API is down}. */
    public String headline() {
        return monitor().name() + " " + verbPhrase();
    }

    /** What happened to the service: {@code is down}, {@code is back up} or {@code is degraded}. */
    public String verbPhrase() {
        if (flapping) {
            return "is flapping (now " + change.current().wireName() + "); notifications pause until it is stable";
        }
        return switch (type) {
            case DOWN -> stillDown.map(d -> "is still down (for " + DurationText.format(d) + ")").orElse("is down");
            case UP -> "is back up";
            case DEGRADED -> "is degraded";
            case INCIDENT, CERTIFICATE_EXPIRING -> throw new IllegalStateException(type + " is not a status change");
        };
    }

    /** A coloured circle for the new status, for chat messages. */
    public String symbol() {
        return switch (type) {
            case DOWN -> "\uD83D\uDD34";
            case UP -> "\uD83D\uDFE2";
            case DEGRADED -> "\uD83D\uDFE0";
            case INCIDENT, CERTIFICATE_EXPIRING -> throw new IllegalStateException(type + " is not a status change");
        };
    }

    static String withoutTrailingSlash(String url) {
        String trimmed = url;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
