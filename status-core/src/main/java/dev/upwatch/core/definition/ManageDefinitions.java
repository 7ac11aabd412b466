package dev.upwatch.core.definition;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-port: the definitions of one kind from both owners, and the changes the API (and the console) may make to the
 * API's. Every door goes through it, so validation, ownership, storage and putting a change in force are decided
 * once.
 *
 * @param <T> the kind of definition
 */
public interface ManageDefinitions<T> {

    /** Every definition in force with its origin, the file's first. */
    List<Defined<T>> list();

    /** One definition with its origin. */
    default Optional<Defined<T>> find(String id) {
        return list().stream().filter(defined -> defined.id().equals(id)).findFirst();
    }

    /**
     * Why {@code id} may not be replaced or deleted, if it may not (the file owns it); empty when it may, or when
     * there is no such definition.
     */
    default Optional<DefinitionRefused> refusalToChange(String id) {
        return find(id).filter(defined -> defined.owner() == Owner.FILE).map(defined -> new DefinitionRefused(
                Refusal.OWNED_BY_FILE, "'" + id + "' is " + defined.origin().describe()
                + " and is read-only here; edit the file and reload"));
    }

    /**
     * Creates a definition of the API, stores it and puts it in force.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException for an invalid definition (every problem, by key)
     * @throws DefinitionRefused when the id is taken
     */
    Defined<T> create(Map<String, Object> definition);

    /**
     * Replaces a definition of the API; it keeps its id (and, for a monitor, its state and history).
     *
     * @throws dev.upwatch.core.config.InvalidConfigException for an invalid definition
     * @throws DefinitionRefused when the file owns it, or the definition names another id
     * @throws java.util.NoSuchElementException when there is no such definition
     */
    Defined<T> replace(String id, Map<String, Object> definition);

    /**
     * Takes a definition of the API out of force and deletes it.
     *
     * @throws DefinitionRefused when the file owns it
     * @throws java.util.NoSuchElementException when there is no such definition
     */
    void delete(String id);

    /** Tells {@code listener} of every later change, before it is made (it may refuse it). */
    void subscribe(CatalogueListener<T> listener);
}
