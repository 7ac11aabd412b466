package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.port.CheckAssignment;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.RollupQuery;
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
import dev.upwatch.core.service.Vantage;
import dev.upwatch.core.definition.MonitorDefinitions;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.reader.ReaderScopes;
import dev.upwatch.web.reader.StatusPages;
import dev.upwatch.web.reader.PageSettings;
import dev.upwatch.web.page.LiveSignal;
import dev.upwatch.core.port.PageSettingStore;
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
                         MaintenanceCalendar maintenance, TransitionJournal journal, IncidentService incidents,
                         CheckAssignment assignment) {
        // The engine's own environment: every probe resolves and connects through it, by the configured egress policy.
        ProbeEnvironment environment = ProbeEnvironment.builder().egressPolicy(config.egress()).clock(clock).build();
        UpwatchEngine engine = new UpwatchEngine(catalog, probes, store, rollups, config.storage().rollupRetention(),
                List.copyOf(notifiers), clock, engineSettings, maintenance, environment, journal, Optional.of(incidents),
                assignment, config.cluster().map(cluster -> new Vantage(cluster.location(), cluster.lease())));
        // Every change of the monitors reaches the engine before it is made; the engine may refuse it (a bad probe).
        catalog.subscribe(engine::updateMonitors);
        return engine;
    }

    /**
     * The rollups every reader (reports, exports) is given: the stored ones plus those the engine holds in memory
     * until its next write. The only {@link RollupQuery} bound, so no reader can miss the pending ones.
     */
    @Provides
    @Singleton
    RollupQuery rollupQuery(UpwatchEngine engine) {
        return engine.rollupQuery();
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

    /**
     * The one visibility rule: what the public may see of the live status (private monitors left out). No public route
     * reads it directly: each takes its status page's view, narrowed from this one ({@link StatusPages}).
     */
    @Provides
    @Singleton
    PublicStatusQuery publicStatus(UpwatchEngine engine) {
        return new PublicStatusQuery(engine.statusQuery());
    }

    /** Incidents as the public may see them: by the same rule as status. */
    @Provides
    @Singleton
    PublicIncidentQuery publicIncidents(IncidentService incidents, PublicStatusQuery status) {
        return new PublicIncidentQuery(incidents, status);
    }

    /** Maintenance windows as the public may see them: by the same rule as status. */
    @Provides
    @Singleton
    PublicMaintenanceQuery publicMaintenance(MaintenanceCalendar calendar, PublicStatusQuery status) {
        return new PublicMaintenanceQuery(calendar, status);
    }

    /**
     * Every status page, each the public view narrowed to its monitors: the only status, incidents and maintenance
     * the public routes are given (through {@link ReaderScopes}).
     */
    /** The default page's settings: the file's, with the console's overrides; a change renders the live pages again. */
    @Provides
    @Singleton
    PageSettings pageSettings(UpwatchConfig config, PageSettingStore store, LiveSignal live) {
        return new PageSettings(config.page(), store, live::pageChanged);
    }

    @Provides
    @Singleton
    StatusPages statusPages(UpwatchConfig config, PageSettings settings, PublicStatusQuery status,
                            PublicIncidentQuery incidents, PublicMaintenanceQuery maintenance) {
        return StatusPages.of(settings, config.pages(), status, incidents, maintenance);
    }

    @Provides
    @Singleton
    ReaderScopes readerScopes(StatusPages pages, UpwatchConfig config, PageSettings settings, UpwatchEngine engine,
                              IncidentService incidents, MaintenanceCalendar maintenance) {
        // Staff (an API token, until the console's sign-in) read the same pages made from the engine's full view.
        return new ReaderScopes(pages, StatusPages.of(settings, config.pages(), engine.statusQuery(), incidents,
                maintenance));
    }
}
