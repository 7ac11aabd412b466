package dev.upwatch.core.port;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.RollupTotal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads of per-monitor rollups at minute, hour and day resolution: what uptime, reports, exports and the
 * response-time series are read from, so that no reader scans raw samples.
 */
public interface RollupQuery {

    /** The buckets of one monitor and tier whose start lies in {@code [from, to)}, oldest first. */
    List<Rollup> series(MonitorId monitorId, RollupTier tier, Instant from, Instant to);

    /** Check counts ({@link Rollup#counts}) per monitor summed over every range; monitors without checks are absent. */
    Map<MonitorId, CheckCounts> counts(List<RollupRange> ranges);

    /**
     * {@link #counts} for each window (a list of ranges), in order. Stores override this to read every window in
     * one pass; the default asks once per window.
     */
    default List<Map<MonitorId, CheckCounts>> countsPerWindow(List<List<RollupRange>> windows) {
        return windows.stream().map(this::counts).toList();
    }

    /**
     * Check counts per monitor and UTC day, from the day tier, for {@code firstDay} to {@code lastDay} (both
     * included); days without checks are absent; each list is in day order.
     */
    Map<MonitorId, List<DailyCounts>> dailyCounts(LocalDate firstDay, LocalDate lastDay);

    /**
     * The rollups of each monitor in {@code monitors} summed over every range (each range's buckets once): what SLA
     * reports read. Monitors without rollups in the ranges get {@link RollupTotal#empty}. Stores override this to sum
     * in the database; the default adds up {@link #series}.
     */
    default Map<MonitorId, RollupTotal> totals(Collection<MonitorId> monitors, List<RollupRange> ranges) {
        Map<MonitorId, RollupTotal> totals = new LinkedHashMap<>();
        for (MonitorId id : monitors) {
            RollupTotal total = RollupTotal.empty(id);
            for (RollupRange range : ranges) {
                for (Rollup rollup : series(id, range.tier(), range.from(), range.to())) {
                    total = total.plus(rollup);
                }
            }
            totals.put(id, total);
        }
        return totals;
    }

    /**
     * Hands each bucket of one monitor and tier whose start lies in {@code [from, to)} to {@code sink}, oldest
     * first, without holding them all: exports read through this. Stores override it to stream from a cursor; the
     * default reads {@link #series} whole.
     *
     * @return how many rollups were handed over
     */
    default long forEachInSeries(MonitorId monitorId, RollupTier tier, Instant from, Instant to,
                                 Consumer<Rollup> sink) {
        List<Rollup> series = series(monitorId, tier, from, to);
        series.forEach(sink);
        return series.size();
    }
}
