package dev.upwatch.core.model;

import java.util.Locale;

/**
 * What an API token may do: {@link #READ} the status API, everything including the admin API, or — {@link #AGENT} —
 * nothing but a remote agent's own routes ({@code /api/v1/agent/**}) for the location it is bound to.
 */
public enum TokenScope {
    /** Read endpoints (status, incidents, metrics) of a protected instance. */
    READ,
    /** Everything, including {@code /api/v1/admin/**}. */
    ADMIN,
    /** A remote agent: its assignment and its results, nothing else (not even the read API). */
    AGENT;

    /** The lower-case name used in configuration, the CLI and the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this scope grants what {@code needed} grants; only an agent token grants an agent's routes. */
    public boolean covers(TokenScope needed) {
        return this == needed || (this == ADMIN && needed != AGENT);
    }

    /** The scope named {@code text} ({@code read}, {@code admin} or {@code agent}). */
    public static TokenScope fromWireName(String text) {
        for (TokenScope scope : values()) {
            if (scope.wireName().equals(text)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("scope must be 'read', 'admin' or 'agent', got '" + text + "'");
    }
}
