package dev.upwatch.core.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** The identifier of one confirmed subscription: {@code s} and 20 lowercase hex digits, random. */
public record SubscriptionId(String value) {
    private static final Pattern VALID = Pattern.compile("s[0-9a-f]{20}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public SubscriptionId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("subscription id must be 's' and 20 hex digits");
        }
    }

    /** A fresh random id (80 bits). */
    public static SubscriptionId random() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return new SubscriptionId("s" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
