package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A notification channel created through the admin API, as stored: its definition document (the same keys as an item
 * of the configuration file's {@code notifications:} list, as JSON text, secrets included) is validated by the adapter
 * that accepts it, and again when loaded.
 *
 * @param id        the channel's id: 1–64 letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or
 *                  digit (the rule of channel ids in the file)
 * @param document  the definition, JSON text of at most {@link #MAX_DOCUMENT_LENGTH} characters
 * @param createdAt when it was first stored; definitions are listed in this order
 * @param updatedAt when it was last replaced
 */
public record ChannelDefinition(String id, String document, Instant createdAt, Instant updatedAt) {
    /** Longest definition document, in characters. */
    public static final int MAX_DOCUMENT_LENGTH = 65_536;
    /** What an id may look like. */
    public static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ChannelDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("channel id '" + id
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (document.isBlank() || document.length() > MAX_DOCUMENT_LENGTH) {
            throw new IllegalArgumentException("definition of channel " + id + " must be 1 to " + MAX_DOCUMENT_LENGTH
                    + " characters, got " + document.length());
        }
        if (updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("definition of channel " + id + " is updated before it was created");
        }
    }
}
