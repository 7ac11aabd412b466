package dev.upwatch.core.model;

import java.util.Locale;

/** What an API token may do: {@link #READ} the status API, or everything including the admin API. */
public enum TokenScope {
    /** Read endpoints (status, incidents, metrics) of a protected instance. */
    READ,
    /** Everything, including {@code /api/v1/admin/**}. */
    ADMIN;

    /** The lower-case name used in configuration, the CLI and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this scope grants what {@code needed} grants. */
    public boolean covers(TokenScope needed) {
        return this == ADMIN || this == needed;
    }

    /** The scope named {@code text} ({@code read} or {@code admin}). */
    public static TokenScope fromWireName(String text) {
        for (TokenScope scope : values()) {
            if (scope.wireName().equals(text)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope must be 'read' or 'admin', got '" + text + "'");
    }
}
