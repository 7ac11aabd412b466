package dev.upwatch.web.export;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.web.reader.ReaderScopes;
import dev.upwatch.core.service.UpwatchEngine;

import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * The export routes: the public ones read through the view of the request's status page ({@link ReaderScopes}), the
 * operators' ones through the engine's full view; both share one bound on exports streaming at once.
 */
public final class ExportModule extends AbstractModule {
    private final Semaphore running = new Semaphore(ExportRoutes.CONCURRENT);

    @Provides
    @Singleton
    HistoryExport history(UpwatchEngine engine, RollupQuery rollups) {
        return new HistoryExport(engine.samples(), rollups);
    }

    @Provides
    @Singleton
    ExportResource publicExports(ReaderScopes scopes, HistoryExport history, Clock clock) {
        return new ExportResource(new ExportRoutes(request -> scopes.of(request).page().status(), history, running,
                clock));
    }

    @Provides
    @Singleton
    OperatorExportResource operatorExports(UpwatchEngine engine, HistoryExport history, Clock clock) {
        StatusQuery all = engine.statusQuery();
        return new OperatorExportResource(new ExportRoutes(request -> all, history, running, clock));
    }
}
