package dev.upwatch.notify.teams;

import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;

import java.util.Objects;

/** Microsoft Teams workflow webhooks: one Adaptive Card per message, POSTed to the workflow's URL. */
public record TeamsProvider(ChannelSettings settings) implements ChannelProvider {
    private static final PayloadFormat PAYLOAD = new TeamsPayload();

    public TeamsProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return PAYLOAD;
    }
}
