package dev.upwatch.core.definition;

import dev.upwatch.core.model.Monitor;

import java.util.List;
import java.util.Map;

/**
 * Out-port: reads one definition of a kind from plain values (a JSON object) with the configuration file's rules.
 * Implemented by the configuration reader of the application.
 *
 * @param <T> the kind of definition
 */
public interface DefinitionFormat<T> {

    /**
     * The definition of {@code keys}.
     *
     * @param monitors the monitors watched now, which the definition's {@code monitors} and {@code groups} may name
     * @param source   how to name the source in problems ({@code request}, {@code stored monitor web})
     * @throws dev.upwatch.core.config.InvalidConfigException with every problem, by key
     */
    T read(Map<String, ?> keys, List<Monitor> monitors, String source);

    /**
     * {@code given} with the secrets an answer masked restored from the {@code stored} keys (empty when there are
     * none); the given keys when the kind has no secrets.
     */
    default Map<String, Object> restored(Map<String, Object> given, Map<String, Object> stored) {
        return given;
    }

    /** {@code text} (a problem, for the log) without secrets it may quote. */
    default String scrubbed(String text) {
        return text;
    }
}
