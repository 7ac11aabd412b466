package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.memory.FixedMonitorCatalog;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.service.EngineSettings;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/** The monitoring engine and its read side, built from the core's plain classes. */
public final class CoreModule extends AbstractModule {
    private final EngineSettings settings;

    public CoreModule(EngineSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Notifier.class);
        bind(EngineSettings.class).toInstance(settings);
    }

    @Provides
    @Singleton
    ProbeRegistry probeRegistry() {
        return ProbeRegistry.load(CoreModule.class.getClassLoader());
    }

    @Provides
    @Singleton
    MonitorCatalog catalog(UpwatchConfig config) {
        return new FixedMonitorCatalog(config.monitors());
    }

    @Provides
    @Singleton
    UpwatchEngine engine(MonitorCatalog catalog, ProbeRegistry probes, SampleStore store, Set<Notifier> notifiers,
                         Clock clock, EngineSettings engineSettings) {
        return new UpwatchEngine(catalog, probes, store, List.copyOf(notifiers), clock, engineSettings);
    }

    @Provides
    StatusQuery statusQuery(UpwatchEngine engine) {
        return engine.statusQuery();
    }
}
