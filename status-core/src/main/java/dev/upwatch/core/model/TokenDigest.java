package dev.upwatch.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 digest of an API token's secret: all that is ever stored or configured, written
 * {@code sha256:} followed by 64 lower-case hex digits. Its {@link #toString()} is that text; it is not a secret
 * by itself but is still masked wherever the API shows tokens.
 */
public record TokenDigest(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    /** The prefix of the text form. */
    public static final String PREFIX = "sha256:";

    public TokenDigest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a token digest must be 64 lower-case hex digits");
        }
    }

    /** The digest of {@code secret}. */
    public static TokenDigest of(String secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return new TokenDigest(HexFormat.of().formatHex(sha));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Parses the text form {@code sha256:<64 hex digits>}. */
    public static TokenDigest parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a token digest must start with '" + PREFIX + "'");
        }
        return new TokenDigest(text.substring(PREFIX.length()));
    }

    /** Compares in constant time, so that the comparison does not tell how many leading digits matched. */
    public boolean matches(TokenDigest other) {
        return MessageDigest.isEqual(hex.getBytes(StandardCharsets.US_ASCII),
                other.hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
