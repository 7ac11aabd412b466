package dev.upwatch.core.model;

import java.util.Objects;

/**
 * A display group of the status page kept as an object of its own (created through the admin API): where it stands
 * on the page and how it shows. Monitors join a group by naming it ({@link Monitor#group()}); a group that monitors
 * name but that is not stored shows with the defaults, after the stored ones.
 *
 * @param name        display name, unique, 1 to {@link #MAX_NAME} characters, no control characters
 * @param position    place on the page, 0 to {@link #MAX_POSITION}; lower comes first, ties by name
 * @param description text shown under the group's heading, empty for none, at most {@link #MAX_DESCRIPTION} characters
 * @param collapsed   whether the page shows the group folded until a reader opens it
 */
public record MonitorGroup(String name, int position, String description, boolean collapsed) {
    /** Longest group name, in characters (the same limit as a monitor's {@code group}). */
    public static final int MAX_NAME = 100;
    /** Largest position. */
    public static final int MAX_POSITION = 1_000_000;
    /** Longest description, in characters. */
    public static final int MAX_DESCRIPTION = 500;

    public MonitorGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (name.isBlank() || name.length() > MAX_NAME || !name.equals(name.strip()) || hasControl(name)) {
            throw new IllegalArgumentException("group name must be 1 to " + MAX_NAME
                    + " characters without surrounding spaces or control characters, got '" + name + "'");
        }
        if (position < 0 || position > MAX_POSITION) {
            throw new IllegalArgumentException("position of group '" + name + "' must be 0 to " + MAX_POSITION
                    + ", got " + position);
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description of group '" + name + "' must be at most "
                    + MAX_DESCRIPTION + " characters, got " + description.length());
        }
    }

    /** The same group under another name. */
    public MonitorGroup withName(String newName) {
        return new MonitorGroup(newName, position, description, collapsed);
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
