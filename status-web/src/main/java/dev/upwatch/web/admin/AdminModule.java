package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.core.port.RecurrenceParser;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;

/** The admin side: the directory of monitors from the file and the API, and the configuration rules it validates with. */
public final class AdminModule extends AbstractModule {

    /** The same rules the command line loads the file with, with the process environment for {@code ${VAR}}. */
    @Provides
    @Singleton
    ConfigLoader configLoader(ProbeRegistry probes, RecurrenceParser recurrences) {
        return new ConfigLoader(probes, recurrences, System.getenv());
    }

    @Provides
    @Singleton
    MonitorDirectory directory(ConfigLoader loader, UpwatchConfig config, MonitorDefinitionStore store,
                               dev.upwatch.core.port.MonitorGroupStore groups, Provider<UpwatchEngine> engine,
                               ObjectMapper json, Clock clock) {
        return new MonitorDirectory(loader, config, MonitorDirectory.fileOf(config), store, groups.all(), engine::get,
                json, clock);
    }

    @Provides
    @Singleton
    GroupDirectory groupDirectory(dev.upwatch.core.port.MonitorGroupStore store, MonitorDirectory monitors,
                                  MaintenanceDirectory maintenance) {
        return new GroupDirectory(store, monitors, maintenance);
    }

    /** The page reads the stored groups' settings (description, collapsed) from the admin side's directory. */
    @Provides
    @Singleton
    dev.upwatch.core.port.GroupCatalog groupCatalog(GroupDirectory groups) {
        return groups;
    }

    /** The notification channels of the file and the API; the notifier is built from it, and told of each change. */
    @Provides
    @Singleton
    ChannelDirectory channelDirectory(ConfigLoader loader, UpwatchConfig config,
                                      dev.upwatch.core.port.ChannelDefinitionStore store, MonitorDirectory monitors,
                                      Provider<dev.upwatch.notify.WebhookNotifier> notifier, ObjectMapper json,
                                      Clock clock) {
        return new ChannelDirectory(loader, config, MonitorDirectory.fileOf(config), store, monitors, notifier::get,
                json, clock);
    }

    /** Restores the stored windows into the running calendar when the application starts (singletons are eager). */
    @Provides
    @Singleton
    MaintenanceDirectory maintenanceDirectory(ConfigLoader loader, UpwatchConfig config,
                                              dev.upwatch.core.port.MaintenanceDefinitionStore store,
                                              dev.upwatch.core.rule.MaintenanceCalendar calendar,
                                              MonitorDirectory monitors, ObjectMapper json, Clock clock) {
        return new MaintenanceDirectory(loader, config, store, calendar, monitors, json, clock);
    }
}
