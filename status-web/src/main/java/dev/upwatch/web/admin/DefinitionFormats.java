package dev.upwatch.web.admin;

import dev.upwatch.core.definition.DefinitionFormat;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.web.config.ConfigLoader;

import java.util.List;
import java.util.Map;

/**
 * The core's definition formats on the configuration file's readers ({@link ConfigLoader}), with the admin answers'
 * secret masks restored before reading.
 */
final class DefinitionFormats {
    private DefinitionFormats() {
    }

    static DefinitionFormat<Monitor> monitors(ConfigLoader loader) {
        return new DefinitionFormat<>() {
            @Override
            public Monitor read(Map<String, ?> keys, List<Monitor> monitors, String source) {
                return loader.readMonitor(keys, source);
            }

            @Override
            public Map<String, Object> restored(Map<String, Object> given, Map<String, Object> stored) {
                return SecretMask.restored(given, stored);
            }

            @Override
            public String scrubbed(String text) {
                return SecretMask.scrubbed(text);
            }
        };
    }

    static DefinitionFormat<ChannelSettings> channels(ConfigLoader loader) {
        return new DefinitionFormat<>() {
            @Override
            public ChannelSettings read(Map<String, ?> keys, List<Monitor> monitors, String source) {
                return loader.readChannel(keys, monitors, source);
            }

            @Override
            public Map<String, Object> restored(Map<String, Object> given, Map<String, Object> stored) {
                return ChannelMask.restored(given, stored);
            }

            @Override
            public String scrubbed(String text) {
                return SecretMask.scrubbed(text);
            }
        };
    }

    static DefinitionFormat<MaintenanceWindow> maintenance(ConfigLoader loader) {
        return new DefinitionFormat<>() {
            @Override
            public MaintenanceWindow read(Map<String, ?> keys, List<Monitor> monitors, String source) {
                return loader.readMaintenance(keys, monitors, source);
            }

            @Override
            public String scrubbed(String text) {
                return SecretMask.scrubbed(text);
            }
        };
    }
}
