package dev.upwatch.web.api;

import dev.upwatch.core.model.DeliveryAttempt;

import java.time.Instant;
import java.util.Locale;

/**
 * One attempt of the notification delivery log.
 *
 * @param messageId  the message's {@code webhook-id}, the same on every attempt and every channel
 * @param channel    the channel's id
 * @param event      wire name of the event, e.g. {@code service.down}
 * @param attempt    1 for the first attempt
 * @param at         when the attempt started
 * @param statusCode the receiver's HTTP status, or null when it did not answer
 * @param latencyMs  from sending to the answer or the failure, in milliseconds (fractional)
 * @param error      what went wrong, or null when delivered
 * @param outcome    the message after this attempt: {@code pending} (a retry follows), {@code delivered} or
 *                   {@code dead} (given up)
 */
public record DeliveryJson(String messageId, String channel, String event, int attempt, Instant at, Integer statusCode,
                           double latencyMs, String error, String outcome) {

    /** The wire form of {@code attempt}. */
    static DeliveryJson of(DeliveryAttempt attempt) {
        return new DeliveryJson(attempt.messageId(), attempt.channel(), attempt.eventType(), attempt.attempt(),
                attempt.at(), attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null,
                attempt.latency().toNanos() / 1_000_000.0, attempt.error().orElse(null),
                attempt.outcome().name().toLowerCase(Locale.ROOT));
    }
}
