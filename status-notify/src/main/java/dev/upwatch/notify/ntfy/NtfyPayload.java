package dev.upwatch.notify.ntfy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.notify.CertificateNotice;
import dev.upwatch.notify.Event;
import dev.upwatch.notify.IncidentNotice;
import dev.upwatch.notify.PayloadFormat;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An ntfy message, published as JSON to the server's root (ntfy's "publish as JSON"), so that the whole request
 * is one body the outbox can store: topic, title, message, priority (5 down, 4 degraded or incident, 3 up or
 * resolved), tags (emoji short codes) and click (the service page).
 * <pre>{@code
 * {"topic":"upwatch-alerts","title":"API is down","message":"[STATUS] (503) == 200\nSince 2026-11-24 20:01:02 UTC",
 *  "priority":5,"tags":["rotating_light"],"click":"https://status.example.com/services/api"}
 * }</pre>
 */
public final class NtfyPayload implements PayloadFormat {
    private static final int MESSAGE_LIMIT = 3500;

    private final String topic;

    NtfyPayload(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /**
     * The topic of a topic URL such as {@code https://ntfy.sh/upwatch-alerts}.
     *
     * @throws IllegalArgumentException when the URL has no single-segment topic path
     */
    public static String topic(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String topic = path.startsWith("/") ? path.substring(1) : path;
        if (topic.endsWith("/")) {
            topic = topic.substring(0, topic.length() - 1);
        }
        if (!topic.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("an ntfy url is the topic's address, like https://ntfy.sh/my-topic "
                    + "(topic: 1-64 letters, digits, '_' or '-')");
        }
        return topic;
    }

    @Override
    public byte[] render(Event event) {
        var change = event.change();
        StringBuilder message = new StringBuilder(PayloadFormat.shorten(event.reason(), MESSAGE_LIMIT))
                .append("\nSince ").append(event.readableTime())
                .append("\nResponse time ").append(event.responseTimeMs()).append(" ms");
        event.outageDuration().ifPresent(d -> message.append("\nOutage ").append(DurationText.format(d)));
        event.degradedThreshold().ifPresent(d -> message.append("\nThreshold ").append(d.toMillis()).append(" ms"));
        return status(event, message.toString());
    }

    /** The text as the message; title, priority, tags and click as without a template. */
    @Override
    public byte[] renderText(Event event, String text) {
        return status(event, PayloadFormat.shorten(text, MESSAGE_LIMIT));
    }

    private byte[] status(Event event, String message) {
        int priority = switch (event.type()) {
            case DOWN -> 5;
            case DEGRADED, INCIDENT, CERTIFICATE_EXPIRING -> 4;
            case UP -> 3;
        };
        String tag = switch (event.type()) {
            case DOWN -> "rotating_light";
            case DEGRADED, INCIDENT, CERTIFICATE_EXPIRING -> "warning";
            case UP -> "white_check_mark";
        };
        return publish(event.headline(), message, priority, tag, event.serviceUrl());
    }

    @Override
    public byte[] renderIncident(IncidentNotice notice) {
        boolean resolved = notice.event().type() == IncidentEvent.Type.RESOLVED;
        String message = notice.latestUpdate().map(u -> u.state().wireName() + ": " + u.message()).orElse("")
                + "\nServices: " + notice.serviceList();
        return publish(notice.headline(), PayloadFormat.shorten(message, MESSAGE_LIMIT), resolved ? 3 : 4,
                resolved ? "white_check_mark" : "warning", notice.pageUrl());
    }

    @Override
    public byte[] renderCertificate(CertificateNotice notice) {
        return publish(notice.headline(), "Expires " + notice.readableExpiry(), 4, "lock", notice.serviceUrl());
    }

    private byte[] publish(String title, String message, int priority, String tag, Optional<URI> click) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", topic);
        root.put("title", PayloadFormat.shorten(title, 250));
        root.put("message", message);
        root.put("priority", priority);
        ArrayNode tags = root.putArray("tags");
        tags.add(tag);
        click.ifPresent(url -> root.put("click", url.toString()));
        return PayloadFormat.write(root, "ntfy");
    }
}
