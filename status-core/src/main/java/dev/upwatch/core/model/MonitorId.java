package dev.upwatch.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** The stable identifier of a monitor, as written in the configuration and used in URLs. */
public record MonitorId(String value) implements Comparable<MonitorId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public MonitorId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("monitor id '" + value
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Makes an id from its text form. */
    public static MonitorId of(String value) {
        return new MonitorId(value);
    }

    @Override
    public int compareTo(MonitorId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
