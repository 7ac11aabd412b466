package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification for one channel, stored before it is sent so that a crash cannot lose it.
 *
 * @param id            message id, the Standard Webhooks {@code webhook-id} ({@code msg_...}); the same for every
 *                      channel and every attempt; with {@code channel} it identifies the message
 * @param channel       id of the channel it goes to
 * @param eventType     wire name of the event, e.g. {@code service.down}
 * @param body          the rendered request body (UTF-8 text), sent unchanged on every attempt
 * @param createdAt     when it was stored
 * @param attempts      attempts made so far
 * @param nextAttemptAt when the next attempt is due (meaningful while {@link DeliveryState#PENDING})
 * @param state         where it stands
 */
public record OutboxMessage(String id, String channel, String eventType, String body, Instant createdAt,
                            int attempts, Instant nextAttemptAt, DeliveryState state) {
    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(state, "state");
        if (id.isEmpty() || id.length() > 64) {
            throw new IllegalArgumentException("id must be 1-64 characters, got " + id.length());
        }
        if (channel.isEmpty() || channel.length() > 64) {
            throw new IllegalArgumentException("channel must be 1-64 characters, got " + channel.length());
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative, got " + attempts);
        }
    }

    /** A new message, due at {@code now}, not yet attempted. */
    public static OutboxMessage pending(String id, String channel, String eventType, String body, Instant now) {
        return new OutboxMessage(id, channel, eventType, body, now, 0, now, DeliveryState.PENDING);
    }
}
