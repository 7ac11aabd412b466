package dev.upwatch.core.port;

import dev.upwatch.core.model.MonitorGroup;

import java.util.List;

/** The display groups kept as objects, as the status page shows them (groups only named by monitors are not here). */
public interface GroupCatalog {

    /** The stored groups, by position, the name breaking ties. */
    List<MonitorGroup> groups();
}
