package dev.upwatch.notify;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured channel ready to send: its settings, its payload format and, for signed webhooks, its signer.
 *
 * @param settings as configured
 * @param format   renders events for this channel's type
 * @param signers  sign requests, one signature each; several while a secret is being rotated; empty without a secret
 * @param mail     sends over SMTP; present for {@code email} channels, which send no HTTP requests
 */
record Channel(ChannelSettings settings, PayloadFormat format, List<WebhookSigner> signers, Optional<SmtpSender> mail) {
    private static final String USER_AGENT = "Upwatch-Notifier/1";

    Channel {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(format, "format");
        signers = List.copyOf(signers);
        Objects.requireNonNull(mail, "mail");
    }

    /** The channel for {@code settings}. */
    static Channel of(ChannelSettings settings) {
        return new Channel(settings, PayloadFormat.of(settings), settings.secrets().stream().map(WebhookSigner::fromSecret).toList(),
                settings.type() == ChannelType.EMAIL ? Optional.of(SmtpSender.of(settings)) : Optional.empty());
    }

    /** The channel's id. */
    String id() {
        return settings.id();
    }

    /**
     * The least time between two requests to this destination: Slack accepts about one message per second per
     * incoming webhook; others are limited only by their answers (429 with {@code Retry-After}).
     */
    Duration minInterval() {
        return settings.type() == ChannelType.SLACK ? Duration.ofSeconds(1) : Duration.ZERO;
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

    /**
     * Where requests go: the configured URL, except Telegram ({@code <url>/bot<token>/sendMessage}) and ntfy (the
     * server's root, where JSON publishes go; the topic is in the body).
     */
    URI target() {
        URI url = settings.url();
        return switch (settings.type()) {
            case TELEGRAM -> URI.create(withoutTrailingSlash(url.toString()) + "/bot"
                    + settings.options().get(ChannelSettings.BOT_TOKEN_KEY) + "/sendMessage");
            case NTFY -> url.resolve("/");
            case WEBHOOK, SLACK, DISCORD, TEAMS, EMAIL -> url;
        };
    }

    private static String withoutTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
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
    HttpRequest request(String messageId, byte[] body, Instant now, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.type() == ChannelType.WEBHOOK) {
            long timestamp = now.getEpochSecond();
            builder.header("webhook-id", messageId).header("webhook-timestamp", Long.toString(timestamp));
            if (!signers.isEmpty()) {
                // Standard Webhooks: space-separated signatures, one per secret, so receivers on the old or the new
                // secret both verify during a rotation.
                builder.header("webhook-signature", signers.stream().map(s -> s.sign(messageId, timestamp, body))
                        .collect(java.util.stream.Collectors.joining(" ")));
            }
        }
        return builder.build();
    }
}
