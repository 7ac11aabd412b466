package dev.upwatch.notify;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured channel ready to send: its settings, its payload format and, for signed webhooks, its signer.
 *
 * @param settings as configured
 * @param format   renders events for this channel's type
 * @param signer   signs requests; present for {@code webhook} channels with a secret
 */
record Channel(ChannelSettings settings, PayloadFormat format, Optional<WebhookSigner> signer) {
    private static final String USER_AGENT = "Upwatch-Notifier/1";

    Channel {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(signer, "signer");
    }

    /** The channel for {@code settings}. */
    static Channel of(ChannelSettings settings) {
        return new Channel(settings, PayloadFormat.of(settings.type()), settings.secret().map(WebhookSigner::fromSecret));
    }

    /** Names the channel for logs without its URL's path, which for Slack and Discord is a credential. */
    String describe() {
        return "channel '" + settings.id() + "' (" + settings.url().getHost() + ")";
    }

    /**
     * The request of one attempt. {@code webhook} channels get the Standard Webhooks headers: {@code webhook-id}
     * (the event's id, the same on every attempt), {@code webhook-timestamp} (this attempt, unix seconds) and,
     * with a secret, {@code webhook-signature} over both and the body.
     */
    HttpRequest request(Event event, byte[] body, Instant now, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.type() == ChannelType.WEBHOOK) {
            long timestamp = now.getEpochSecond();
            builder.header("webhook-id", event.id()).header("webhook-timestamp", Long.toString(timestamp));
            signer.ifPresent(s -> builder.header("webhook-signature", s.sign(event.id(), timestamp, body)));
        }
        return builder.build();
    }
}
