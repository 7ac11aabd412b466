package dev.upwatch.core.port;

import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorId;

import java.util.List;
import java.util.Optional;

/** Durable storage of the monitors created through the admin API (monitors of the configuration file are not here). */
public interface MonitorDefinitionStore {

    /** Every stored definition, oldest creation first (the id breaking ties). */
    List<MonitorDefinition> all();

    /** The definition of {@code id}, if stored. */
    Optional<MonitorDefinition> find(MonitorId id);

    /** Inserts the definition, or replaces the stored one with the same id. */
    void save(MonitorDefinition definition);

    /** Removes the definition of {@code id}; true when there was one. Samples of the monitor are kept. */
    boolean delete(MonitorId id);
}
