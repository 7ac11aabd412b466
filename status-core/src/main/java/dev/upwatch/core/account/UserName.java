package dev.upwatch.core.account;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A console user's name: 1 to 64 lower-case letters, digits and {@code . _ - @}, starting with a letter or digit (so
 * it is never mistaken for a command-line option and reads the same everywhere it is shown).
 *
 * @param value the name
 */
public record UserName(String value) {
    /** The longest name, in characters. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._@-]{0," + (MAX_LENGTH - 1) + "}");

    public UserName {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("name: '" + value + "' is not a user name (1 to " + MAX_LENGTH
                    + " lower-case letters, digits and . _ - @, starting with a letter or digit)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
