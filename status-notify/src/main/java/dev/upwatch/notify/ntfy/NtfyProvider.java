package dev.upwatch.notify.ntfy;

import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;

import java.net.URI;
import java.util.Objects;

/** ntfy: a JSON publish to the root of the topic URL's server, the topic named in the body. */
public record NtfyProvider(ChannelSettings settings) implements ChannelProvider {
    public NtfyProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return new NtfyPayload(NtfyPayload.topic(settings.url()));
    }

    /** The server's root, where JSON publishes go. */
    @Override
    public URI target() {
        return settings.url().resolve("/");
    }
}
