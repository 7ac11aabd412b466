package dev.upwatch.notify.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Telegram's Bot API: {@code sendMessage} to {@code <url>/bot<token>/sendMessage}. A 429 answer names its wait in
 * {@code parameters.retry_after} (seconds) of its JSON body.
 */
public record TelegramProvider(ChannelSettings settings) implements ChannelProvider {
    public TelegramProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return new TelegramPayload(settings.options().get(ChannelSettings.CHAT_ID_KEY));
    }

    /** {@code <url>/bot<token>/sendMessage}; the token is a credential, so this URL is never logged. */
    @Override
    public URI target() {
        String base = settings.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/bot"
                + settings.options().get(ChannelSettings.BOT_TOKEN_KEY) + "/sendMessage");
    }

    @Override
    public Optional<Duration> retryAfter(String body) {
        try {
            JsonNode seconds = PayloadFormat.JSON.readTree(body).path("parameters").path("retry_after");
            return seconds.isNumber() && seconds.asDouble() >= 0
                    ? Optional.of(Duration.ofMillis((long) Math.ceil(seconds.asDouble() * 1000))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
