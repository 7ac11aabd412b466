package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A maintenance window created through the admin API, as stored: its definition document (the same keys as an item
 * of the configuration file's {@code maintenance:} list, as JSON text) is validated by the adapter that accepts it,
 * and again when loaded.
 *
 * @param id        the window's id: 1–64 characters of {@code a-z 0-9 . _ -}, starting with a letter or digit
 * @param document  the definition, JSON text of at most {@link #MAX_DOCUMENT_LENGTH} characters
 * @param createdAt when it was first stored; definitions are listed in this order
 * @param updatedAt when it was last replaced
 */
public record MaintenanceDefinition(String id, String document, Instant createdAt, Instant updatedAt) {
    /** Longest definition document, in characters. */
    public static final int MAX_DOCUMENT_LENGTH = 65_536;
    /** What an id may look like. */
    public static final Pattern VALID_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public MaintenanceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("maintenance window id '" + id
                    + "' must be 1 to 64 characters of a-z 0-9 . _ - starting with a letter or digit");
        }
        if (document.isBlank() || document.length() > MAX_DOCUMENT_LENGTH) {
            throw new IllegalArgumentException("definition of window " + id + " must be 1 to " + MAX_DOCUMENT_LENGTH
                    + " characters, got " + document.length());
        }
        if (updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("definition of window " + id + " is updated before it was created");
        }
    }
}
