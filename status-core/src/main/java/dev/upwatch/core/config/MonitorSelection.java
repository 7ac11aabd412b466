package dev.upwatch.core.config;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys {@code monitors} (ids) and {@code groups} (a group stands for its monitors) by which a notification channel
 * or a maintenance window selects monitors. Each name must match a monitor or a group of {@code monitors}.
 */
public final class MonitorSelection {
    /** The keys this reads. */
    public static final Set<String> KEYS = Set.of("monitors", "groups");

    private MonitorSelection() {
    }

    /**
     * The monitors {@code map} selects, in the order named; empty when it gives neither key. Each name that matches
     * nothing is noted at its item.
     */
    public static Optional<Set<MonitorId>> read(ConfigMap map, List<Monitor> monitors) {
        if (!map.has("monitors") && !map.has("groups")) {
            return Optional.empty();
        }
        Set<MonitorId> selected = new LinkedHashSet<>();
        ConfigReader reader = map.reader();
        for (ConfigNode item : map.list("monitors")) {
            reader.text(item).map(String::strip).ifPresent(id -> monitors.stream()
                    .filter(monitor -> monitor.id().value().equals(id)).findFirst()
                    .ifPresentOrElse(monitor -> selected.add(monitor.id()),
                            () -> reader.report(item, "no monitor has the id '" + id + "'")));
        }
        for (ConfigNode item : map.list("groups")) {
            reader.text(item).map(String::strip).ifPresent(group -> {
                List<MonitorId> members = monitors.stream().filter(m -> m.group().equals(group)).map(Monitor::id).toList();
                if (members.isEmpty()) {
                    reader.report(item, "no monitor is in the group '" + group + "'");
                }
                selected.addAll(members);
            });
        }
        return Optional.of(selected);
    }
}
