package dev.upwatch.notify;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One incident notification to send: what happened to which incident, under one message id for every channel.
 *
 * @param id      Standard Webhooks message id ({@code msg_...})
 * @param event   the incident event
 * @param pageUrl the status page's public address, when configured
 */
public record IncidentNotice(String id, IncidentEvent event, Optional<URI> pageUrl) {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    public IncidentNotice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(pageUrl, "pageUrl");
    }

    /** A notice with a fresh random id. */
    static IncidentNotice of(IncidentEvent event, Optional<URI> pageUrl) {
        return new IncidentNotice("msg_" + UUID.randomUUID().toString().replace("-", ""), event, pageUrl);
    }

    public Incident incident() {
        return event.incident();
    }

    /** {@code incident.opened}, {@code incident.updated}, {@code incident.resolved} or {@code incident.acknowledged}. */
    public String wireName() {
        return event.type().wireName();
    }

    /**
     * When it happened: the start for {@code opened}, the end for {@code resolved}, the newest update (else the
     * start) for {@code updated}.
     */
    public Instant at() {
        Incident incident = incident();
        return switch (event.type()) {
            case OPENED -> incident.startedAt();
            case RESOLVED -> incident.resolvedAt().orElse(incident.startedAt());
            case UPDATED, ACKNOWLEDGED -> latestUpdate().map(IncidentUpdate::at).orElse(incident.startedAt());
        };
    }

    public String timestamp() {
        return ISO_MILLIS.format(at());
    }

    public static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    public String readableTime() {
        return READABLE.format(at());
    }

    /** The newest entry of the timeline, if any. */
    public Optional<IncidentUpdate> latestUpdate() {
        var updates = incident().updates();
        return updates.isEmpty() ? Optional.empty() : Optional.of(updates.getLast());
    }

    /** For people: {@code Incident opened: Database failover}. */
    public String headline() {
        String what = switch (event.type()) {
            case OPENED -> "Incident opened";
            case UPDATED -> "Incident updated";
            case RESOLVED -> "Incident resolved";
            case ACKNOWLEDGED -> "Incident acknowledged";
        };
        return what + ": " + incident().title();
    }

    /** The affected services' ids, comma-separated, or {@code none}. */
    public String serviceList() {
        var services = incident().services();
        return services.isEmpty() ? "none" : services.stream().map(MonitorId::value).collect(Collectors.joining(", "));
    }

    /** A coloured circle: green when resolved, else by impact. */
    public String symbol() {
        if (event.type() == IncidentEvent.Type.RESOLVED) {
            return "\uD83D\uDFE2";
        }
        return switch (incident().impact()) {
            case DOWN -> "\uD83D\uDD34";
            case DEGRADED -> "\uD83D\uDFE0";
            case MAINTENANCE -> "\uD83D\uDD35";
            case UP, UNKNOWN -> "\u26AA";
        };
    }
}
