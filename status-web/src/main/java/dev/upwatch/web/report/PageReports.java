package dev.upwatch.web.report;

import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.report.SlaReports;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.web.reader.StatusPage;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SLA reports of each status page: made from the page's own view, so a report shows the page's services only and
 * never a private monitor (the one visibility rule, narrowed to the page).
 */
public final class PageReports {
    private final RollupStore rollups;
    private final RollupRetention retention;
    private final Clock clock;
    private final Map<StatusPage, SlaReports> reports = new ConcurrentHashMap<>();

    public PageReports(RollupStore rollups, RollupRetention retention, Clock clock) {
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The reports of {@code page}. */
    public SlaReports of(StatusPage page) {
        return reports.computeIfAbsent(page, p -> new SlaReports(p.status(), p.incidents(), rollups, retention, clock));
    }
}
