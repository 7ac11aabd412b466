package dev.upwatch.notify.subscription;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.SubscriptionId;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The signed links of subscriptions, HMAC-SHA256 with the server's secret: a confirmation link carries the whole
 * request (page, address, services, expiry, language), so nothing is stored before the address's owner confirms; an unsubscribe
 * link names one subscription and never expires. Each kind of link is signed with its own purpose, so one cannot be
 * passed off as the other. Tokens are URL-safe base64 without padding.
 */
public final class SubscriptionTokens {
    /** Shortest secret accepted, in characters. */
    public static final int MIN_SECRET = 32;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final String CONFIRM = "confirm.v1.";
    private static final String UNSUBSCRIBE = "unsubscribe.v1.";

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException when {@code secret} is shorter than {@link #MIN_SECRET} characters */
    public SubscriptionTokens(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_SECRET) {
            throw new IllegalArgumentException("secret must be at least " + MIN_SECRET + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The token of a confirmation link for {@code request}. */
    public String confirmation(EmailRequest request) {
        String payload = String.join("\n", request.page(), request.address(),
                request.services().map(ids -> ids.stream().map(MonitorId::value).sorted()
                        .collect(Collectors.joining(","))).orElse("*"),
                Long.toString(request.expiresAt().getEpochSecond()), request.locale().toLanguageTag());
        String encoded = ENCODE.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + ENCODE.encodeToString(mac(CONFIRM + encoded));
    }

    /**
     * The request a confirmation token carries, when its signature holds (expired or not: the caller decides, so that
     * it can say so); empty for anything else.
     */
    public Optional<EmailRequest> readConfirmation(String token) {
        Optional<String> payload = verified(token, CONFIRM);
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(DECODE.decode(payload.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] parts = text.split("\n", -1);
        if (parts.length != 4 && parts.length != 5) { // four: a link sent before languages, made in English
            return Optional.empty();
        }
        try {
            Optional<Set<MonitorId>> services = parts[2].equals("*") ? Optional.empty()
                    : Optional.of(Arrays.stream(parts[2].split(",")).map(MonitorId::of)
                    .collect(Collectors.toCollection(TreeSet::new)));
            return Optional.of(new EmailRequest(parts[0], parts[1], services,
                    Instant.ofEpochSecond(Long.parseLong(parts[3])),
                    parts.length == 5 ? Locale.forLanguageTag(parts[4]) : Locale.ENGLISH));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // signed by us, so only an older format could get here
        }
    }

    /** The token of the unsubscribe link of {@code id}. */
    public String unsubscribe(SubscriptionId id) {
        String encoded = id.value();
        return encoded + "." + ENCODE.encodeToString(mac(UNSUBSCRIBE + encoded));
    }

    /** The subscription an unsubscribe token names, when its signature holds. */
    public Optional<SubscriptionId> readUnsubscribe(String token) {
        try {
            return verified(token, UNSUBSCRIBE).map(SubscriptionId::new);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The signed part of {@code token} when its signature for {@code purpose} holds (compared in constant time). */
    private Optional<String> verified(String token, String purpose) {
        if (token == null || token.length() > 8192) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        byte[] given;
        try {
            given = DECODE.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(mac(purpose + payload), given) ? Optional.of(payload) : Optional.empty();
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SubscriptionTokens[key=***]";
    }
}
