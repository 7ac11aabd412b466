package dev.upwatch.web.agent;

import dev.upwatch.notify.WebhookSigner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs and verifies an agent's result batches the Standard Webhooks way ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}) with a key derived from the agent's token:
 * HMAC-SHA256 keyed with the token's secret over {@value #CONTEXT}. The server holds only the token's digest, but sees
 * the secret on each request (bearer), so it derives the same key; a batch altered on the way (by a proxy that ends
 * TLS, say) does not verify, and the key is never the bearer secret itself.
 */
public final class BatchSignature {
    /** What the key derivation binds the key to, so the same token keys nothing else. */
    static final String CONTEXT = "upwatch agent batch v1";
    /** How far a batch's timestamp may be from the server's clock, as Standard Webhooks recommends. */
    public static final Duration TOLERANCE = WebhookSigner.DEFAULT_TOLERANCE;
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private final WebhookSigner signer;

    private BatchSignature(WebhookSigner signer) {
        this.signer = signer;
    }

    /** The signature of the holder of the agent token {@code secret}. */
    public static BatchSignature forToken(String secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] key = mac.doFinal(CONTEXT.getBytes(StandardCharsets.UTF_8));
            return new BatchSignature(WebhookSigner.fromSecret(WebhookSigner.SECRET_PREFIX
                    + Base64.getEncoder().encodeToString(key)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    /** The {@code webhook-signature} value of a batch. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        return signer.sign(id, timestampSeconds, body);
    }

    /** True when the signature matches and the timestamp is within {@link #TOLERANCE} of {@code now}. */
    public boolean verify(String id, String timestamp, byte[] body, String signature, Instant now) {
        return signer.verify(id, timestamp, body, signature, now, TOLERANCE);
    }

    @Override
    public String toString() {
        return "BatchSignature[key=***]";
    }
}
