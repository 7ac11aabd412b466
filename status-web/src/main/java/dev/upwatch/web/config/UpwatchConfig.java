package dev.upwatch.web.config;

import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.MaintenanceDefinitions;
import dev.upwatch.core.definition.Origin;
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
 * @param lines         the line of each monitor, channel and maintenance window in the file
 * @param pages         the status pages besides the default one ({@code page})
 * @param cluster       this process as a node of a cluster on PostgreSQL; empty when it runs alone
 * @param subscriptions how readers subscribe, when they may
 */
public record UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                            List<Monitor> monitors, List<ChannelSettings> notifications, List<Incident> incidents,
                            List<MaintenanceWindow> maintenance, LoggingConfig logging, EgressPolicy egress,
                            DefinitionLines lines, List<StatusPageConfig> pages, Optional<ClusterConfig> cluster,
                            Optional<SubscriptionConfig> subscriptions) {
    public UpwatchConfig {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(cluster, "cluster");
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
        pages = List.copyOf(pages);
    }

    /** A configuration with the default page only, of a process that runs alone (no cluster), without subscriptions. */
    public UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                         List<Monitor> monitors, List<ChannelSettings> notifications, List<Incident> incidents,
                         List<MaintenanceWindow> maintenance, LoggingConfig logging, EgressPolicy egress) {
        this(source, server, storage, page, monitors, notifications, incidents, maintenance, logging, egress,
                DefinitionLines.none(), List.of(), Optional.empty(), Optional.empty());
    }

    /**
     * A configuration without maintenance windows, with default logging and the configuration file's default egress
     * policy (loopback and private ranges denied).
     */
    public UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                         List<Monitor> monitors, List<ChannelSettings> notifications, List<Incident> incidents) {
        this(source, server, storage, page, monitors, notifications, incidents, List.of(), LoggingConfig.defaults(),
                new EgressPolicy(true, List.of()), DefinitionLines.none(), List.of(), Optional.empty(), Optional.empty());
    }

    /** A configuration without incidents. */
    public UpwatchConfig(String source, ServerConfig server, StorageConfig storage, PageConfig page,
                         List<Monitor> monitors, List<ChannelSettings> notifications) {
        this(source, server, storage, page, monitors, notifications, List.of());
    }

    /** This configuration with another server port (tests bind port 0). */
    public UpwatchConfig withServer(ServerConfig otherServer) {
        return new UpwatchConfig(source, otherServer, storage, page, monitors, notifications, incidents, maintenance,
                logging, egress, lines, pages, cluster, subscriptions);
    }

    /** This configuration with other storage settings. */
    public UpwatchConfig withStorage(StorageConfig otherStorage) {
        return new UpwatchConfig(source, server, otherStorage, page, monitors, notifications, incidents, maintenance,
                logging, egress, lines, pages, cluster, subscriptions);
    }

    /** The monitors as file definitions, each with its line. */
    public List<Defined<Monitor>> definedMonitors() {
        return monitors.stream().map(m -> Defined.fromFile(m.id().value(), m,
                Origin.file(source, lines.monitors().getOrDefault(m.id().value(), 0)))).toList();
    }

    /** The notification channels as file definitions, each with its line. */
    public List<Defined<ChannelSettings>> definedNotifications() {
        return notifications.stream().map(c -> Defined.fromFile(c.id(), c,
                Origin.file(source, lines.notifications().getOrDefault(c.id(), 0)))).toList();
    }

    /** The maintenance windows as file definitions (ids {@code config-N} by position), each with its line. */
    public List<Defined<MaintenanceWindow>> definedMaintenance() {
        List<Defined<MaintenanceWindow>> defined = new java.util.ArrayList<>();
        for (int i = 0; i < maintenance.size(); i++) {
            int line = i < lines.maintenance().size() ? lines.maintenance().get(i) : 0;
            defined.add(Defined.fromFile(MaintenanceDefinitions.CONFIG_PREFIX + (i + 1), maintenance.get(i),
                    Origin.file(source, line)));
        }
        return List.copyOf(defined);
    }
}
