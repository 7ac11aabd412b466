package dev.upwatch.web.admin;

import dev.upwatch.core.definition.DefinitionFormat;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.web.config.ConfigLoader;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * The core's definition formats on the configuration file's readers ({@link ConfigLoader}), with the admin answers'
 * secret masks restored before reading.
 */
final class DefinitionFormats {
    private DefinitionFormats() {
    }

    static DefinitionFormat<Monitor> monitors(ConfigLoader loader) {
        return new Format<>((keys, monitors, source) -> loader.readMonitor(keys, source), SecretMask::restored);
    }

    static DefinitionFormat<ChannelSettings> channels(ConfigLoader loader) {
        return new Format<>(loader::readChannel, ChannelMask::restored);
    }

    static DefinitionFormat<MaintenanceWindow> maintenance(ConfigLoader loader) {
        return new Format<>(loader::readMaintenance, (given, stored) -> given);
    }

    /** How one kind is read from plain values. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(Map<String, ?> keys, List<Monitor> monitors, String source);
    }

    /** A kind's reader and its secret restoring; problems are scrubbed of secrets for the log. */
    private record Format<T>(Reader<T> reader, BinaryOperator<Map<String, Object>> restorer) implements DefinitionFormat<T> {
        Format {
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(restorer, "restorer");
        }

        @Override
        public T read(Map<String, ?> keys, List<Monitor> monitors, String source) {
            return reader.read(keys, monitors, source);
        }

        @Override
        public Map<String, Object> restored(Map<String, Object> given, Map<String, Object> stored) {
            return restorer.apply(given, stored);
        }

        @Override
        public String scrubbed(String text) {
            return SecretMask.scrubbed(text);
        }
    }
}
