package dev.upwatch.core.definition;

import java.util.Locale;

/**
 * Who owns a definition (monitor, channel, maintenance window): the configuration file, which changes it only by
 * being edited and reloaded, or the admin API (and the console built on it), which keeps it in the database.
 */
public enum Owner {
    /** Defined in the configuration file; read-only through the API and the console. */
    FILE,
    /** Created through the admin API and kept in the database. */
    API;

    /** Lower-case name on the wire: {@code config} for the file (the admin API's word since V7), {@code api}. */
    public String wireName() {
        return this == FILE ? "config" : name().toLowerCase(Locale.ROOT);
    }
}
