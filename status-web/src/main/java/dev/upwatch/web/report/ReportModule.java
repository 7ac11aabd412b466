package dev.upwatch.web.report;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.report.SlaReports;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.reader.ReaderScopes;

import java.time.Clock;

/**
 * SLA reports and the readers' scope. The reports get Guice's {@link StatusQuery} and {@link IncidentQuery}, which
 * are the public views, so a public report cannot show a private monitor.
 */
public final class ReportModule extends AbstractModule {

    @Provides
    @Singleton
    SlaReports reports(StatusQuery visible, IncidentQuery incidents, RollupStore rollups, UpwatchConfig config,
                       Clock clock) {
        return new SlaReports(visible, incidents, rollups, config.storage().rollupRetention(), clock);
    }

    @Provides
    @Singleton
    ReaderScopes scopes(PageConfig page) {
        return new ReaderScopes(page);
    }
}
