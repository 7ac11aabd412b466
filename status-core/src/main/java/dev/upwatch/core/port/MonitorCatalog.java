package dev.upwatch.core.port;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;

import java.util.List;
import java.util.Optional;

/** The monitors this instance watches, in display order. */
public interface MonitorCatalog {

    /** All monitors, in display order. */
    List<Monitor> monitors();

    /** The monitor with {@code id}, if any. */
    default Optional<Monitor> find(MonitorId id) {
        return monitors().stream().filter(m -> m.id().equals(id)).findFirst();
    }
}
