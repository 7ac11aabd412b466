package dev.upwatch.notify.webhook;

import dev.upwatch.notify.ChannelProvider;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.PayloadFormat;
import dev.upwatch.notify.WebhookSigner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Generic webhooks: the JSON event, with the Standard Webhooks headers {@code webhook-id} (the message id, the same on
 * every attempt), {@code webhook-timestamp} (this attempt, Unix seconds) and, with a secret, {@code webhook-signature}.
 */
public record WebhookProvider(ChannelSettings settings) implements ChannelProvider {
    private static final PayloadFormat PAYLOAD = new GenericPayload();

    public WebhookProvider {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PayloadFormat format() {
        return PAYLOAD;
    }

    @Override
    public Map<String, String> headers(String messageId, byte[] body, Instant attemptAt) {
        long timestamp = attemptAt.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        List<String> secrets = settings.secrets();
        if (!secrets.isEmpty()) {
            // Standard Webhooks: space-separated signatures, one per secret (several while a secret is being
            // rotated), so receivers on the old or the new secret both verify.
            headers.put("webhook-signature", secrets.stream()
                    .map(secret -> WebhookSigner.fromSecret(secret).sign(messageId, timestamp, body))
                    .collect(Collectors.joining(" ")));
        }
        return headers;
    }
}
