package dev.upwatch.notify.discord;

import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discord webhooks: one embed per message. A 429 answer names its wait in the body's {@code retry_after} field (in
 * seconds, possibly fractional) rather than always in a header.
 */
public record DiscordProvider(ChannelSettings settings) implements ChannelProvider {
    private static final PayloadFormat PAYLOAD = new DiscordPayload();
    private static final Pattern RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*(\\d{1,9}(?:\\.\\d{1,9})?)");

    public DiscordProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return PAYLOAD;
    }

    @Override
    public Optional<Duration> retryAfter(String body) {
        return readRetryAfter(body);
    }

    /** Discord's 429 body field {@code retry_after}, in (fractional) seconds; empty when absent. */
    public static Optional<Duration> readRetryAfter(String body) {
        Matcher matcher = RETRY_AFTER.matcher(body);
        if (!matcher.find()) {
            return Optional.empty();
        }
        double seconds = Double.parseDouble(matcher.group(1));
        return Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1_000_000_000d)));
    }
}
