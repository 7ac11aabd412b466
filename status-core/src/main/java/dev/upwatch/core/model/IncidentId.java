package dev.upwatch.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** The stable identifier of an incident (manual ones are named in the configuration, automatic ones generated). */
public record IncidentId(String value) {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public IncidentId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("incident id '" + value
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Makes an id from its text form. */
    public static IncidentId of(String value) {
        return new IncidentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
