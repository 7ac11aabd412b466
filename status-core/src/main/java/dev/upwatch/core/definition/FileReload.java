package dev.upwatch.core.definition;

import java.util.Objects;

/**
 * In-port: reloads the configuration file's definitions (SIGHUP, {@code POST /api/v1/admin/reload}, the console):
 * its monitors first, then its notification channels, whose monitors and groups resolve against the monitors then
 * watched. Other sections of the file need a restart.
 */
public final class FileReload {
    private final MonitorDefinitions monitors;
    private final ChannelDefinitions<?> channels;

    public FileReload(MonitorDefinitions monitors, ChannelDefinitions<?> channels) {
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    /**
     * Re-reads the file and puts its monitors and channels in force (the API's stay).
     *
     * @throws dev.upwatch.core.config.InvalidConfigException when the file is invalid (nothing changes)
     * @throws DefinitionRefused     when a file monitor would take an API monitor's id (nothing changes)
     * @throws IllegalStateException when the instance was not started from a file
     */
    public ReloadResult reload() {
        ReloadResult result = monitors.reload();
        channels.reload();
        return result;
    }
}
