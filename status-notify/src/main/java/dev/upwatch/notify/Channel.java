package dev.upwatch.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A configured channel ready to send: its settings and its type's provider (payload, endpoint, rate rule, errors).
 *
 * @param settings as configured
 * @param provider what its type knows
 */
record Channel(ChannelSettings settings, ChannelProvider provider) {

    Channel {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(provider, "provider");
    }

    /** The channel for {@code settings}. */
    static Channel of(ChannelSettings settings) {
        return new Channel(settings, ChannelProvider.of(settings));
    }

    /** The channel's id. */
    String id() {
        return settings.id();
    }

    /** Renders events for this channel. */
    PayloadFormat format() {
        return provider.format();
    }

    /** The body of {@code event} for this channel: its template's message when it has one, else its type's. */
    byte[] render(Event event) {
        return settings.template().map(template -> format().renderText(event, text(template, event)))
                .orElseGet(() -> format().render(event));
    }

    /** {@code template} filled in for {@code event}, its values escaped for this channel's markup. */
    String text(MessageTemplate template, Event event) {
        return template.render(event, format()::escapeValue);
    }

    /** The least time between two requests to this destination (the type's rate rule). */
    Duration minInterval() {
        return provider.minInterval();
    }

    /** SHA-256 of the URL in hex: tells whether the URL changed without storing it (it may be a credential). */
    String urlFingerprint() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(settings.url().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Names the channel for logs without its URL's path, which for Slack and Discord is a credential. */
    String describe() {
        return provider.describe();
    }
}
