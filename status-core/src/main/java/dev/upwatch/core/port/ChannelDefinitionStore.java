package dev.upwatch.core.port;

import dev.upwatch.core.model.ChannelDefinition;

import java.util.List;
import java.util.Optional;

/** Durable storage of the notification channels created through the admin API (the configuration file's are not here). */
public interface ChannelDefinitionStore {

    /** Every stored definition, oldest creation first (the id breaking ties). */
    List<ChannelDefinition> all();

    /** The definition of channel {@code id}, if stored. */
    Optional<ChannelDefinition> find(String id);

    /** Inserts the definition, or replaces the stored one with the same id. */
    void save(ChannelDefinition definition);

    /** Removes the definition of channel {@code id}; true when there was one. */
    boolean delete(String id);
}
