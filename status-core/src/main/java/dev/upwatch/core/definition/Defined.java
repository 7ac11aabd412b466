package dev.upwatch.core.definition;

import java.util.Objects;
import java.util.Optional;

/**
 * A definition in force (a monitor, channel or maintenance window) with its id, owner and, for the API's, its stored
 * document.
 *
 * @param id     its id, as the API and the console address it
 * @param value  the validated definition
 * @param origin where it comes from (file and line, or the API)
 * @param stored the stored document, for definitions of the API; empty for the file's
 * @param <T>    the kind of definition
 */
public record Defined<T>(String id, T value, Origin origin, Optional<StoredDocument> stored) {
    public Defined {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(stored, "stored");
        if (stored.isPresent() != (origin.owner() == Owner.API)) {
            throw new IllegalArgumentException("a stored document belongs to a definition of the API, and only to one");
        }
    }

    /** An item of the configuration file. */
    public static <T> Defined<T> fromFile(String id, T value, Origin origin) {
        return new Defined<>(id, value, origin, Optional.empty());
    }

    /** A definition of the API with its stored document. */
    public static <T> Defined<T> fromApi(String id, T value, StoredDocument stored) {
        return new Defined<>(id, value, Origin.api(), Optional.of(stored));
    }

    /** Who owns it. */
    public Owner owner() {
        return origin.owner();
    }
}
