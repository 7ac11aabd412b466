package dev.upwatch.core.memory;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A {@link MonitorCatalog} of a fixed list of monitors, in the given order; ids must be unique. */
public final class FixedMonitorCatalog implements MonitorCatalog {
    private final List<Monitor> monitors;

    public FixedMonitorCatalog(List<Monitor> monitors) {
        Set<MonitorId> seen = new HashSet<>();
        for (Monitor monitor : monitors) {
            if (!seen.add(monitor.id())) {
                throw new IllegalArgumentException("monitor id '" + monitor.id() + "' is used twice");
            }
        }
        this.monitors = List.copyOf(monitors);
    }

    @Override
    public List<Monitor> monitors() {
        return monitors;
    }
}
