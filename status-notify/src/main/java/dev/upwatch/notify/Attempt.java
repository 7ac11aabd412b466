package dev.upwatch.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver a stored message, as a {@link Transport} sees it.
 *
 * @param channel   the channel's provider: where and how to send
 * @param messageId the message's id ({@code webhook-id}), the same on every attempt
 * @param body      the rendered payload, the same bytes on every attempt
 * @param number    1 for the first attempt
 * @param at        when this attempt started (wall clock)
 */
public record Attempt(ChannelProvider channel, String messageId, byte[] body, int number, Instant at) {
    public Attempt {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(at, "at");
        if (number < 1) {
            throw new IllegalArgumentException("number must be at least 1, got " + number);
        }
    }
}
