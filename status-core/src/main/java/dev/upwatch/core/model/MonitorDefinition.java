package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A monitor created through the admin API, as stored: its definition document (the same keys as a monitor in
 * the configuration file, as JSON text) is validated by the adapter that accepts it, and again when loaded.
 *
 * @param id        the monitor's id
 * @param document  the definition, JSON text of at most {@link #MAX_DOCUMENT_LENGTH} characters
 * @param createdAt when it was first stored; definitions are listed in this order
 * @param updatedAt when it was last replaced
 */
public record MonitorDefinition(MonitorId id, String document, Instant createdAt, Instant updatedAt) {
    /** Longest definition document, in characters. */
    public static final int MAX_DOCUMENT_LENGTH = 65_536;

    public MonitorDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (document.isBlank() || document.length() > MAX_DOCUMENT_LENGTH) {
            throw new IllegalArgumentException("definition of " + id + " must be 1 to " + MAX_DOCUMENT_LENGTH
                    + " characters, got " + document.length());
        }
        if (updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("definition of " + id + " is updated before it was created");
        }
    }
}
