package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 * @param subject       what it is about, e.g. {@code service:api} or {@code incident:api-1795996800000}: messages of
 *                      one channel and subject are delivered in the order they were stored (see the notifier); empty
 *                      for a message that waits for no other
 */
public record OutboxMessage(String id, String channel, String eventType, String body, Instant createdAt,
                            int attempts, Instant nextAttemptAt, DeliveryState state, Optional<String> subject) {
    /** Longest subject stored. */
    public static final int SUBJECT_MAX_CHARS = 80;

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
        Objects.requireNonNull(subject, "subject");
        if (subject.isPresent() && (subject.get().isEmpty() || subject.get().length() > SUBJECT_MAX_CHARS)) {
            throw new IllegalArgumentException("subject must be 1-" + SUBJECT_MAX_CHARS + " characters, got "
                    + subject.get().length());
        }
    }

    /** A message about no particular subject. */
    public OutboxMessage(String id, String channel, String eventType, String body, Instant createdAt, int attempts,
                         Instant nextAttemptAt, DeliveryState state) {
        this(id, channel, eventType, body, createdAt, attempts, nextAttemptAt, state, Optional.empty());
    }

    /** A new message, due at {@code now}, not yet attempted, about no particular subject. */
    public static OutboxMessage pending(String id, String channel, String eventType, String body, Instant now) {
        return pending(id, channel, eventType, Optional.empty(), body, now);
    }

    /** A new message about {@code subject}, due at {@code now}, not yet attempted. */
    public static OutboxMessage pending(String id, String channel, String eventType, Optional<String> subject,
                                        String body, Instant now) {
        return new OutboxMessage(id, channel, eventType, body, now, 0, now, DeliveryState.PENDING, subject);
    }

    /** This message after an attempt: {@code attempts} made, the next due at {@code next}, now in {@code state}. */
    public OutboxMessage after(int attempts, Instant next, DeliveryState state) {
        return new OutboxMessage(id, channel, eventType, body, createdAt, attempts, next, state, subject);
    }
}
