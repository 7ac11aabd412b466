package dev.upwatch.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How a test message to a channel went: the attempt as judged (delivered, or why not), the start of the receiver's
 * answer, and how long it took. A test is sent at once, outside the outbox: nothing is stored or retried.
 *
 * @param channel  the channel's id
 * @param result   the attempt as the transport judged it
 * @param answer   the first KiB of the receiver's answer body, as text; empty when it sent none (or for email)
 * @param duration from sending to the answer
 */
public record ChannelTrial(String channel, AttemptResult result, String answer, Duration duration) {
    public ChannelTrial {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(duration, "duration");
    }

    /** True when the receiver accepted it. */
    public boolean delivered() {
        return result instanceof AttemptResult.Delivered;
    }

    /** What went wrong, when it was not delivered. */
    public java.util.Optional<String> problem() {
        return switch (result) {
            case AttemptResult.Delivered delivered -> java.util.Optional.empty();
            case AttemptResult.RetryAfter retry -> java.util.Optional.of(retry.problem());
            case AttemptResult.Dead dead -> java.util.Optional.of(dead.problem());
            case AttemptResult.Gone gone -> java.util.Optional.of(gone.problem());
        };
    }
}
