package dev.upwatch.web.export;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.port.StatusQuery;
import jakarta.servlet.http.HttpServletRequest;
import dev.upwatch.web.api.BadRequestProblem;
import dev.upwatch.web.reader.ExportFormat;
import dev.upwatch.web.reader.PeriodParameters;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.concurrent.Semaphore;

/**
 * What the export routes share: parameter checks (a bad one is a 400 naming it), the monitor looked up in the view
 * the route was built with (public routes get the view of the request's status page, so a private monitor, or one of
 * another page, is as absent as an unknown one),
 * and a bound on exports streaming at once: each holds a database connection while it streams.
 */
final class ExportRoutes {
    /** Exports streaming at once; more get 503 with {@code Retry-After}. */
    static final int CONCURRENT = 4;
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final Function<HttpServletRequest, StatusQuery> view;
    private final HistoryExport export;
    private final Semaphore running;
    private final Clock clock;

    /** Routes that find a request's monitors in {@code view} of the request. */
    ExportRoutes(Function<HttpServletRequest, StatusQuery> view, HistoryExport export, Semaphore running, Clock clock) {
        this.view = Objects.requireNonNull(view, "view");
        this.export = Objects.requireNonNull(export, "export");
        this.running = Objects.requireNonNull(running, "running");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The samples of one service. */
    Response samples(HttpServletRequest request, String id, String from, String to, String format) {
        ExportFormat chosen = ExportFormat.of(format, ExportFormat.CSV);
        Instant[] range = range(from, to);
        MonitorId monitor = find(view.apply(request), id);
        return stream(chosen, monitor.value() + "-samples-" + range[0].toString().substring(0, 10),
                out -> export.samples(monitor, range[0], range[1], chosen, out));
    }

    /** The rollups of one service at one tier. */
    Response rollups(HttpServletRequest request, String id, String tierName, String from, String to, String format) {
        ExportFormat chosen = ExportFormat.of(format, ExportFormat.CSV);
        RollupTier tier = tier(tierName);
        Instant[] range = range(from, to);
        MonitorId monitor = find(view.apply(request), id);
        return stream(chosen, monitor.value() + "-rollups-" + tier.wireName() + "-" + range[0].toString()
                .substring(0, 10), out -> export.rollups(monitor, tier, range[0], range[1], chosen, out));
    }

    private Instant[] range(String from, String to) {
        Instant end = PeriodParameters.instant("to", to).orElse(clock.instant());
        Instant start = PeriodParameters.instant("from", from).orElse(end.minus(DEFAULT_RANGE));
        if (!start.isBefore(end)) {
            throw new BadRequestProblem("from", "must be before to (" + end + "), got " + start);
        }
        return new Instant[] {start, end};
    }

    private static RollupTier tier(String name) {
        if (name == null || name.isBlank()) {
            return RollupTier.HOUR;
        }
        for (RollupTier tier : RollupTier.values()) {
            if (tier.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return tier;
            }
        }
        throw new BadRequestProblem("tier", "must be minute, hour or day, got '" + name + "'");
    }

    private static MonitorId find(StatusQuery view, String id) {
        try {
            return view.service(MonitorId.of(id)).map(ServiceStatus::monitor).map(m -> m.id())
                    .orElseThrow(() -> new NotFoundException("no service '" + id + "'"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no service '" + id + "'");
        }
    }

    /** Streams one export, holding one of the {@value #CONCURRENT} places from now until it has been written. */
    private Response stream(ExportFormat format, String name, StreamingOutput body) {
        if (!running.tryAcquire()) {
            throw new ServiceUnavailableException("too many exports are running; retry in a few seconds", 5L);
        }
        StreamingOutput released = out -> {
            try {
                body.write(out);
            } finally {
                running.release();
            }
        };
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(released, format.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + name + "." + format.extension() + "\"")
                .cacheControl(noStore).build();
    }
}
