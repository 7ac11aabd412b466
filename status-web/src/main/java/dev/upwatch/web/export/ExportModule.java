package dev.upwatch.web.export;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.service.UpwatchEngine;

import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * The export routes: the public ones read through the public view (Guice's {@link StatusQuery}), the operators' ones
 * through the engine's full view; both share one bound on exports streaming at once.
 */
public final class ExportModule extends AbstractModule {
    private final Semaphore running = new Semaphore(ExportRoutes.CONCURRENT);

    @Provides
    @Singleton
    HistoryExport history(SampleStore samples, RollupStore rollups) {
        return new HistoryExport(samples, rollups);
    }

    @Provides
    @Singleton
    ExportResource publicExports(StatusQuery visible, HistoryExport history, Clock clock) {
        return new ExportResource(new ExportRoutes(visible, history, running, clock));
    }

    @Provides
    @Singleton
    OperatorExportResource operatorExports(UpwatchEngine engine, HistoryExport history, Clock clock) {
        return new OperatorExportResource(new ExportRoutes(engine.statusQuery(), history, running, clock));
    }
}
