package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.port.TransitionStore;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.probe.PushInbox;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.PublicIncidentQuery;
import dev.upwatch.core.service.PublicMaintenanceQuery;
import dev.upwatch.core.service.PublicStatusQuery;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.core.service.TransitionJournal;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.core.definition.MonitorDefinitions;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.logging.StatusChangeLog;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The monitoring engine and its read side, built from the core's plain classes. */
public final class CoreModule extends AbstractModule {
    private final EngineSettings settings;

    public CoreModule(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(StatusChangeLog.class);
        Multibinder.newSetBinder(binder(), IncidentListener.class);
        Multibinder.newSetBinder(binder(), NotificationPlanner.class);
        bind(EngineSettings.class).toInstance(settings);
    }

    /**
     * Commits each status change with its incident change and every routed channel's outbox messages in one
     * transaction, before anyone hears of it.
     */
    @Provides
    @Singleton
    TransitionJournal journal(TransitionStore store, Set<NotificationPlanner> planners) {
        return new TransitionJournal(store, List.copyOf(planners));
    }

    /** Incidents from status changes and the configuration; open ones restored from the store before checking. */
    @Provides
    @Singleton
    IncidentService incidents(Clock clock, IncidentStore store, UpwatchConfig config, Set<IncidentListener> listeners,
                              MonitorCatalog catalog, TransitionJournal journal) {
        IncidentService incidents = new IncidentService(clock, store, config.incidents(), List.copyOf(listeners), journal);
        incidents.restore(catalog.monitors().stream().map(Monitor::id).toList());
        return incidents;
    }

    @Provides
    @Singleton
    ProbeRegistry probeRegistry() {
        return ProbeRegistry.load(CoreModule.class.getClassLoader());
    }

    @Provides
    @Singleton
    MonitorCatalog catalog(MonitorDefinitions directory) {
        return directory;
    }

    @Provides
    @Singleton
    UpwatchEngine engine(MonitorDefinitions catalog, ProbeRegistry probes, SampleStore store, RollupStore rollups,
                         UpwatchConfig config, Set<Notifier> notifiers, Clock clock, EngineSettings engineSettings,
                         MaintenanceCalendar maintenance, TransitionJournal journal, IncidentService incidents) {
        // The engine's own environment: every probe resolves and connects through it, by the configured egress policy.
        ProbeEnvironment environment = ProbeEnvironment.builder().egressPolicy(config.egress()).clock(clock).build();
        UpwatchEngine engine = new UpwatchEngine(catalog, probes, store, rollups, config.storage().rollupRetention(),
                List.copyOf(notifiers), clock, engineSettings, maintenance, environment, journal, Optional.of(incidents));
        // Every change of the monitors reaches the engine before it is made; the engine may refuse it (a bad probe).
        catalog.subscribe(engine::updateMonitors);
        return engine;
    }

    /** The configured maintenance windows. */
    @Provides
    @Singleton
    MaintenanceCalendar maintenance(UpwatchConfig config) {
        return new MaintenanceCalendar(config.maintenance());
    }

    /** Where push monitors' pushes arrive (the engine's probe environment's inbox). */
    @Provides
    PushInbox pushes(UpwatchEngine engine) {
        return engine.pushes();
    }

    /** Every public route reads status through this view, which leaves private monitors out. */
    @Provides
    @Singleton
    PublicStatusQuery publicStatus(UpwatchEngine engine) {
        return new PublicStatusQuery(engine.statusQuery());
    }

    @Provides
    StatusQuery statusQuery(PublicStatusQuery status) {
        return status;
    }

    /** Incidents as the public routes see them: by the same rule as status. */
    @Provides
    @Singleton
    IncidentQuery incidentQuery(IncidentService incidents, PublicStatusQuery status) {
        return new PublicIncidentQuery(incidents, status);
    }

    /** Maintenance windows as the public routes see them: by the same rule as status. */
    @Provides
    @Singleton
    MaintenanceQuery maintenanceQuery(MaintenanceCalendar calendar, PublicStatusQuery status) {
        return new PublicMaintenanceQuery(calendar, status);
    }
}
