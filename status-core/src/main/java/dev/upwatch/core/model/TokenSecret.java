package dev.upwatch.core.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A newly made API token secret: {@code upw_} followed by 256 random bits in URL-safe base64 (43 characters).
 * It exists only to be shown once; only its {@link #digest()} is kept.
 */
public record TokenSecret(String value) {
    /** The recognisable prefix (secret scanners can look for it). */
    public static final String PREFIX = "upw_";
    /** Random bytes per secret: 256 bits. */
    static final int RANDOM_BYTES = 32;
    private static final Pattern FORM = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public TokenSecret {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a token secret is " + PREFIX + " and 43 base64url characters");
        }
    }

    /** A new random secret. */
    public static TokenSecret generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return new TokenSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** What is stored in its place. */
    public TokenDigest digest() {
        return TokenDigest.of(value);
    }

    /** Masked: the secret itself is read with {@link #value()}, only where it is shown once. */
    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
