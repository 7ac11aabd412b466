package dev.upwatch.core.account;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a console user may do, each role including the ones before it: a viewer sees everything (private monitors
 * too), an editor also changes monitors, incidents and maintenance, an admin also channels, tokens, users and page
 * settings.
 */
public enum Role {
    VIEWER, EDITOR, ADMIN;

    /** The name in commands, the database and the audit log: {@code viewer}, {@code editor}, {@code admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return compareTo(Objects.requireNonNull(needed, "needed")) >= 0;
    }

    /**
     * The role named {@code text}.
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role fromWireName(String text) {
        Objects.requireNonNull(text, "text");
        for (Role role : values()) {
            if (role.wireName().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role: '" + text + "' is not one of "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")));
    }
}
