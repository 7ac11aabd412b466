package dev.upwatch.web.config;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.notify.ChannelSettings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated configuration of one Upwatch instance.
 *
 * @param source        file it came from, for messages
 * @param server        HTTP server settings
 * @param storage       database settings
 * @param page          status page settings
 * @param monitors      the monitors, in display order
 * @param notifications notification channels
 * @param incidents     manual incidents and maintenance notices
 * @param maintenance   maintenance windows, during which the monitors they cover are not declared DOWN
 * @param logging       log format and level
 * @param egress        which addresses probes and webhooks may connect to
 * @param subscriptions how readers subscribe, when they may
 */
public record UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                            List<Monitor> monitors, List<ChannelSettings> notifications, List<Incident> incidents,
                            List<MaintenanceWindow> maintenance, LoggingConfig logging, EgressPolicy egress,
                            Optional<SubscriptionConfig> subscriptions) {
    public UpwatchConfig {
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(egress, "egress");
        monitors = List.copyOf(monitors);
        notifications = List.copyOf(notifications);
        incidents = List.copyOf(incidents);
        maintenance = List.copyOf(maintenance);
    }

    /** A configuration without subscriptions. */
    public UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                         List<Monitor> monitors, List<ChannelSettings> notifications, List<Incident> incidents,
                         List<MaintenanceWindow> maintenance, LoggingConfig logging, EgressPolicy egress) {
        this(source, server, storage, page, monitors, notifications, incidents, maintenance, logging, egress,
                Optional.empty());
    }

    /**
     * A configuration without maintenance windows, with default logging and the configuration file's default egress
     * policy (loopback and private ranges denied).
     */
    public UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                         List<Monitor> monitors, List<ChannelSettings> notifications, List<Incident> incidents) {
        this(source, server, storage, page, monitors, notifications, incidents, List.of(), LoggingConfig.defaults(),
                new EgressPolicy(true, List.of()));
    }

    /** A configuration without incidents. */
    public UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                         List<Monitor> monitors, List<ChannelSettings> notifications) {
        this(source, server, storage, page, monitors, notifications, List.of());
    }

    /** This configuration with another server port (tests bind port 0). */
    public UpwatchConfig withServer(ServerConfig otherServer) {
        return new UpwatchConfig(source, otherServer, storage, page, monitors, notifications, incidents, maintenance,
                logging, egress, subscriptions);
    }

    /** This configuration with other storage settings. */
    public UpwatchConfig withStorage(StorageConfig otherStorage) {
        return new UpwatchConfig(source, server, otherStorage, page, monitors, notifications, incidents, maintenance,
                logging, egress, subscriptions);
    }
}
