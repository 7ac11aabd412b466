package dev.upwatch.core.port;

import dev.upwatch.core.model.MaintenanceDefinition;

import java.util.List;
import java.util.Optional;

/** Durable storage of the maintenance windows created through the admin API (the configuration file's are not here). */
public interface MaintenanceDefinitionStore {

    /** Every stored definition, oldest creation first (the id breaking ties). */
    List<MaintenanceDefinition> all();

    /** The definition of window {@code id}, if stored. */
    Optional<MaintenanceDefinition> find(String id);

    /** Inserts the definition, or replaces the stored one with the same id. */
    void save(MaintenanceDefinition definition);

    /** Removes the definition of window {@code id}; true when there was one. */
    boolean delete(String id);
}
