package dev.upwatch.core.definition;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored form of a definition of the API: the JSON document it was given as (secrets included, so the admin
 * answers mask it) and when it was created and last replaced.
 */
public record StoredDocument(String document, Instant createdAt, Instant updatedAt) {
    public StoredDocument {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
