package dev.upwatch.web.admin;

import java.util.Locale;

/**
 * Who owns a monitor's (or maintenance window's) definition: the configuration file (read-only through the API) or
 * the admin API.
 */
public enum MonitorSource {
    /** Defined in the configuration file; changed only by editing the file and reloading. */
    CONFIG,
    /** Created through the admin API and kept in the database. */
    API;

    /** Lower-case name on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
