package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One attempt to deliver an outbox message: a row of the delivery log.
 *
 * @param messageId  the message's id ({@code webhook-id})
 * @param channel    the channel's id
 * @param eventType  wire name of the event, e.g. {@code service.down}
 * @param attempt    1 for the first attempt
 * @param at         when the attempt started
 * @param statusCode the HTTP status answered, when there was an answer
 * @param latency    from sending to the answer or the failure (monotonic clock)
 * @param error      what went wrong, when the attempt did not deliver; never contains a secret or a full URL
 * @param outcome    the message's state after this attempt
 */
public record DeliveryAttempt(String messageId, String channel, String eventType, int attempt, Instant at,
                              OptionalInt statusCode, Duration latency, Optional<String> error, DeliveryState outcome) {
    public DeliveryAttempt {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(outcome, "outcome");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
    }
}
