package dev.upwatch.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs and verifies webhook requests per Standard Webhooks v1: {@code webhook-signature: v1,<base64>} where the
 * base64 is the HMAC-SHA256 of {@code <webhook-id>.<webhook-timestamp>.<body>}.
 *
 * <p>The secret is either {@code whsec_<base64>}, whose key is the base64-decoded bytes (the form Standard Webhooks
 * issues), or any other text, whose key is its UTF-8 bytes. The Standard Webhooks libraries base64-decode a secret
 * given without the prefix; to verify with them, give them the {@code whsec_} form.
 */
public final class WebhookSigner {
    /** Prefix of a base64-encoded secret. */
    public static final String SECRET_PREFIX = "whsec_";
    /** How far a {@code webhook-timestamp} may be from now and still verify, as the standard recommends. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /**
     * A signer for the given secret ({@code whsec_<base64>} or raw text, see the class comment).
     *
     * @throws IllegalArgumentException naming the {@code secret} (never repeating it) when it is blank or its
     *                                  {@code whsec_} part is not base64
     */
    public static WebhookSigner fromSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isBlank()) {
            throw new IllegalArgumentException("secret must not be blank");
        }
        if (!secret.startsWith(SECRET_PREFIX)) {
            return new WebhookSigner(secret.getBytes(StandardCharsets.UTF_8));
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret starts with " + SECRET_PREFIX
                    + " but the rest is not valid base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("secret has no key after " + SECRET_PREFIX);
        }
        return new WebhookSigner(key);
    }

    /** The {@code webhook-signature} header value for a message, e.g. {@code v1,g0hM9S...=}. */
    public String sign(String messageId, long timestampSeconds, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(messageId, timestampSeconds, body));
    }

    /** Same as {@link #sign(String, long, byte[])} for a body given as text (encoded as UTF-8). */
    public String sign(String messageId, long timestampSeconds, String body) {
        return sign(messageId, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * True when {@code signatureHeader} holds a valid {@code v1} signature of this message and the timestamp is
     * within {@code tolerance} of {@code now}. The header may list several space-separated signatures (as during
     * a secret rotation); one match is enough. Comparison is constant-time.
     *
     * @param timestampHeader the {@code webhook-timestamp} header: unix seconds
     */
    public boolean verify(String messageId, String timestampHeader, byte[] body, String signatureHeader,
                          Instant now, Duration tolerance) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tolerance, "tolerance");
        if (messageId == null || timestampHeader == null || body == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = mac(messageId, timestamp, body);
        for (String candidate : signatureHeader.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals(VERSION)) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #verify(String, String, byte[], String, Instant, Duration)} with the {@link #DEFAULT_TOLERANCE}. */
    public boolean verify(String messageId, String timestampHeader, byte[] body, String signatureHeader, Instant now) {
        return verify(messageId, timestampHeader, body, signatureHeader, now, DEFAULT_TOLERANCE);
    }

    private byte[] mac(String messageId, long timestampSeconds, byte[] body) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[key=***]";
    }
}
