package dev.upwatch.notify.slack;

import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;

import java.time.Duration;
import java.util.Objects;

/** Slack incoming webhooks: Block Kit messages, at most one per second per webhook (Slack's own limit). */
public record SlackProvider(ChannelSettings settings) implements ChannelProvider {
    private static final PayloadFormat PAYLOAD = new SlackPayload();
    /** Slack accepts about one message per second per incoming webhook. */
    private static final Duration ONE_PER_SECOND = Duration.ofSeconds(1);

    public SlackProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return PAYLOAD;
    }

    @Override
    public Duration minInterval() {
        return ONE_PER_SECOND;
    }
}
