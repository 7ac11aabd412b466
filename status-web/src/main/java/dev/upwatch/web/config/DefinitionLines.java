package dev.upwatch.web.config;

import java.util.List;
import java.util.Map;

/**
 * The line of each definition item in the configuration file, so that a door (API, console) can say where a
 * read-only definition is: monitors and notification channels by id, maintenance windows by position.
 *
 * @param monitors      line of each monitor, by id
 * @param notifications line of each notification channel, by id
 * @param maintenance   line of each maintenance window, in file order
 */
public record DefinitionLines(Map<String, Integer> monitors, Map<String, Integer> notifications,
                              List<Integer> maintenance) {
    private static final DefinitionLines NONE = new DefinitionLines(Map.of(), Map.of(), List.of());

    public DefinitionLines {
        monitors = Map.copyOf(monitors);
        notifications = Map.copyOf(notifications);
        maintenance = List.copyOf(maintenance);
    }

    /** Lines unknown (a configuration not read from text). */
    public static DefinitionLines none() {
        return NONE;
    }
}
