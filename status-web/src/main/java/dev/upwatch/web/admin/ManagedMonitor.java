package dev.upwatch.web.admin;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorDefinition;

import java.util.Objects;
import java.util.Optional;

/**
 * A watched monitor and where it comes from.
 *
 * @param monitor    the validated monitor
 * @param source     who owns it
 * @param definition the stored definition, for monitors of the API
 */
public record ManagedMonitor(Monitor monitor, MonitorSource source, Optional<MonitorDefinition> definition) {
    public ManagedMonitor {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(definition, "definition");
    }
}
