package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.ServerConfig;
import dev.upwatch.web.config.StorageConfig;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;
import java.util.Objects;

/** Binds the loaded configuration and its parts, and the wall clock. */
public final class ConfigModule extends AbstractModule {
    private final UpwatchConfig config;
    private final Clock clock;

    public ConfigModule(UpwatchConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void configure() {
        bind(UpwatchConfig.class).toInstance(config);
        bind(ServerConfig.class).toInstance(config.server());
        bind(StorageConfig.class).toInstance(config.storage());
        bind(PageConfig.class).toInstance(config.page());
        bind(Clock.class).toInstance(clock);
    }
}
