package dev.upwatch.web.report;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;

/** SLA reports, one set per status page, each made from the page's own (public, narrowed) view. */
public final class ReportModule extends AbstractModule {

    @Provides
    @Singleton
    PageReports reports(RollupStore rollups, UpwatchConfig config, Clock clock) {
        return new PageReports(rollups, config.storage().rollupRetention(), clock);
    }
}
