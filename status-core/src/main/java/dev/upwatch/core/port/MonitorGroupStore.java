package dev.upwatch.core.port;

import dev.upwatch.core.model.MonitorGroup;

import java.util.List;
import java.util.Optional;

/** Durable storage of the display groups created through the admin API (groups only named by monitors are not here). */
public interface MonitorGroupStore {

    /** Every stored group, by position, the name breaking ties. */
    List<MonitorGroup> all();

    /** The group named {@code name}, if stored. */
    Optional<MonitorGroup> find(String name);

    /**
     * Stores {@code group} in place of the one named {@code previousName} (the same name to change it in place, or
     * a name that is not stored to add it); one transaction, so a rename never leaves both or neither.
     */
    void save(String previousName, MonitorGroup group);

    /** Removes the group named {@code name}; true when there was one. Its monitors are not touched. */
    boolean delete(String name);
}
