package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.web.metrics.UpwatchMetrics;

/** Prometheus metrics, told of every check as a notifier of the engine. */
public final class MetricsModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(UpwatchMetrics.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(UpwatchMetrics.class);
    }
}
