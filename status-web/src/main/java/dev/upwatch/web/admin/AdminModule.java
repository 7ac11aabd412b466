package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.definition.ChannelDefinitions;
import dev.upwatch.core.definition.CheckOnce;
import dev.upwatch.core.definition.DefinitionFile;
import dev.upwatch.core.definition.DocumentCodec;
import dev.upwatch.core.definition.FileReload;
import dev.upwatch.core.definition.GroupDefinitions;
import dev.upwatch.core.definition.MaintenanceDefinitions;
import dev.upwatch.core.definition.MonitorDefinitions;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.port.ChannelDefinitionStore;
import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.core.port.MaintenanceDefinitionStore;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.core.port.MonitorGroupStore;
import dev.upwatch.core.port.RecurrenceParser;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.service.OneOffCheck;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The admin side: the core's definition use cases (monitors, channels, maintenance windows, groups, reload) on the
 * configuration file's rules, the configuration file and the stores. The engine subscribes to the monitors in
 * {@code CoreModule}, the notifier to the channels in {@code NotifyModule}, the maintenance calendar here.
 */
public final class AdminModule extends AbstractModule {

    /** The same rules the command line loads the file with, with the process environment for {@code ${VAR}}. */
    @Provides
    @Singleton
    ConfigLoader configLoader(ProbeRegistry probes, RecurrenceParser recurrences) {
        return new ConfigLoader(probes, recurrences, System.getenv());
    }

    @Provides
    @Singleton
    DocumentCodec documents(ObjectMapper json) {
        return new JsonDocuments(json);
    }

    @Provides
    @Singleton
    MonitorDefinitions monitorDefinitions(ConfigLoader loader, UpwatchConfig config, MonitorDefinitionStore store,
                                          MonitorGroupStore groups, DocumentCodec documents, Clock clock) {
        DefinitionFile<Monitor> file = fileOf(config).<DefinitionFile<Monitor>>map(path -> () -> loader.load(path).definedMonitors())
                .orElseGet(DefinitionFile::none);
        return new MonitorDefinitions(DefinitionFormats.monitors(loader), config.definedMonitors(), file, store,
                groups.all(), documents, clock);
    }

    /**
     * "Check now": a monitor definition checked once through the engine's probe environment (its egress policy), on
     * virtual threads of its own so that a slow target never holds a scheduled check's place.
     */
    @Provides
    @Singleton
    CheckOnce checkOnce(MonitorDefinitions monitors, ProbeRegistry probes, UpwatchEngine engine, Clock clock) {
        return new OneOffCheck(monitors, probes, engine.probeEnvironment(), clock,
                java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("upwatch-check-now-", 0)
                        .factory()));
    }

    @Provides
    @Singleton
    GroupDefinitions groupDefinitions(MonitorGroupStore store, MonitorDefinitions monitors,
                                      MaintenanceDefinitions maintenance) {
        return new GroupDefinitions(store, monitors, maintenance);
    }

    /** The page reads the stored groups' settings (description, collapsed) from the group use cases. */
    @Provides
    @Singleton
    GroupCatalog groupCatalog(GroupDefinitions groups) {
        return groups;
    }

    /** The notification channels of the file and the API; the notifier is built from them and subscribes. */
    @Provides
    @Singleton
    ChannelDefinitions<ChannelSettings> channelDefinitions(ConfigLoader loader, UpwatchConfig config,
                                                           ChannelDefinitionStore store, MonitorDefinitions monitors,
                                                           DocumentCodec documents, Clock clock) {
        DefinitionFile<ChannelSettings> file = fileOf(config)
                .<DefinitionFile<ChannelSettings>>map(path -> () -> loader.load(path).definedNotifications())
                .orElseGet(DefinitionFile::none);
        return new ChannelDefinitions<>(DefinitionFormats.channels(loader), ChannelSettings::id,
                config.definedNotifications(), file, store, monitors, documents, clock);
    }

    /** Restores the stored windows into the running calendar when the application starts (singletons are eager). */
    @Provides
    @Singleton
    MaintenanceDefinitions maintenanceDefinitions(ConfigLoader loader, UpwatchConfig config,
                                                  MaintenanceDefinitionStore store, MaintenanceCalendar calendar,
                                                  MonitorDefinitions monitors, DocumentCodec documents, Clock clock) {
        MaintenanceDefinitions definitions = new MaintenanceDefinitions(DefinitionFormats.maintenance(loader),
                config.definedMaintenance(), store, monitors, documents, clock);
        calendar.replaceWindows(definitions.windows());
        definitions.subscribe(calendar::replaceWindows);
        return definitions;
    }

    @Provides
    @Singleton
    FileReload fileReload(MonitorDefinitions monitors, ChannelDefinitions<ChannelSettings> channels) {
        return new FileReload(monitors, channels);
    }

    /** The configuration file this instance reloads, if it was started from one. */
    static Optional<Path> fileOf(UpwatchConfig config) {
        Path path = Path.of(config.source());
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
}
