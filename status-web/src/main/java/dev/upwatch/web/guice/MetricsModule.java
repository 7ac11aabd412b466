package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.web.config.ServerConfig;
import dev.upwatch.web.metrics.UpwatchMetrics;

/** Prometheus metrics, told of every check as a notifier of the engine. */
public final class MetricsModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(UpwatchMetrics.class);
    }

    /** Metrics behind a token name every monitor; metrics as public as the page name only public monitors. */
    @Provides
    @Singleton
    UpwatchMetrics metrics(ServerConfig server) {
        return new UpwatchMetrics(server.access().protectMetrics()
                ? UpwatchMetrics.Audience.OPERATORS : UpwatchMetrics.Audience.PUBLIC);
    }
}
