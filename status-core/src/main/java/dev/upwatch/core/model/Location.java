package dev.upwatch.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** A place monitors are checked from ({@code cluster.location}, a monitor's {@code locations}), e.g. {@code fra}. */
public record Location(String value) implements Comparable<Location> {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public Location {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("location '" + value
                    + "' must be 1-32 characters of lower-case letters, digits or '-', starting with a letter or digit");
        }
    }

    /** Makes a location from its text form. */
    public static Location of(String value) {
        return new Location(value);
    }

    @Override
    public int compareTo(Location other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
