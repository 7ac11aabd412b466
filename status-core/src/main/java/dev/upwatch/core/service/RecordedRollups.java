package dev.upwatch.core.service;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.RollupTotal;
import dev.upwatch.core.port.RollupQuery;
import dev.upwatch.core.port.RollupStore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every rollup recorded so far: the stored ones plus those the {@link RollupRecorder} holds in memory until its next
 * flush (up to {@code UpwatchEngine.ROLLUP_FLUSH_MILLIS}), added bucket by bucket. The one way readers (reports,
 * exports, series) see rollups, so none of them misses the checks of the last minutes; each read runs inside
 * {@link RollupRecorder#reading}, so a flush during it neither hides a batch nor shows it twice. A streamed read
 * ({@link #forEachInSeries}) holds the next flush back until it ends.
 */
final class RecordedRollups implements RollupQuery {
    private final RollupStore store;
    private final RollupRecorder recorder;

    RecordedRollups(RollupStore store, RollupRecorder recorder) {
        this.store = Objects.requireNonNull(store, "store");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    @Override
    public List<Rollup> series(MonitorId monitorId, RollupTier tier, Instant from, Instant to) {
        return recorder.reading(() -> {
            TreeMap<Instant, Rollup> merged = new TreeMap<>();
            store.series(monitorId, tier, from, to).forEach(rollup -> merged.put(rollup.start(), rollup));
            recorder.pending(monitorId, tier, from, to)
                    .forEach(rollup -> merged.merge(rollup.start(), rollup, Rollup::plus));
            return List.copyOf(merged.values());
        });
    }

    @Override
    public Map<MonitorId, CheckCounts> counts(List<RollupRange> ranges) {
        return recorder.reading(() -> withPending(store.counts(ranges), ranges));
    }

    @Override
    public List<Map<MonitorId, CheckCounts>> countsPerWindow(List<List<RollupRange>> windows) {
        return recorder.reading(() -> {
            List<Map<MonitorId, CheckCounts>> stored = store.countsPerWindow(windows);
            List<Map<MonitorId, CheckCounts>> merged = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                merged.add(withPending(stored.get(i), windows.get(i)));
            }
            return merged;
        });
    }

    private Map<MonitorId, CheckCounts> withPending(Map<MonitorId, CheckCounts> stored, List<RollupRange> ranges) {
        Map<MonitorId, CheckCounts> merged = new HashMap<>(stored);
        for (RollupRange range : ranges) {
            for (Rollup rollup : recorder.pending(range.tier(), range.from(), range.to(), id -> true)) {
                if (rollup.checks() > 0) {
                    merged.merge(rollup.monitorId(), rollup.counts(), CheckCounts::plus);
                }
            }
        }
        return Map.copyOf(merged);
    }

    @Override
    public Map<MonitorId, List<DailyCounts>> dailyCounts(LocalDate firstDay, LocalDate lastDay) {
        return recorder.reading(() -> {
            Map<MonitorId, List<DailyCounts>> stored = store.dailyCounts(firstDay, lastDay);
            List<Rollup> pending = recorder.pending(RollupTier.DAY, firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), id -> true);
            if (pending.stream().noneMatch(rollup -> rollup.checks() > 0)) {
                return stored;
            }
            Map<MonitorId, TreeMap<LocalDate, CheckCounts>> days = new HashMap<>();
            stored.forEach((id, list) -> list.forEach(day ->
                    days.computeIfAbsent(id, k -> new TreeMap<>()).put(day.day(), day.counts())));
            for (Rollup rollup : pending) {
                if (rollup.checks() > 0) {
                    days.computeIfAbsent(rollup.monitorId(), k -> new TreeMap<>())
                            .merge(LocalDate.ofInstant(rollup.start(), ZoneOffset.UTC), rollup.counts(), CheckCounts::plus);
                }
            }
            Map<MonitorId, List<DailyCounts>> merged = new HashMap<>();
            days.forEach((id, byDay) -> merged.put(id, byDay.entrySet().stream()
                    .map(day -> new DailyCounts(day.getKey(), day.getValue())).toList()));
            return Map.copyOf(merged);
        });
    }

    @Override
    public Map<MonitorId, RollupTotal> totals(Collection<MonitorId> monitors, List<RollupRange> ranges) {
        return recorder.reading(() -> {
            Map<MonitorId, RollupTotal> merged = new LinkedHashMap<>(store.totals(monitors, ranges));
            Set<MonitorId> wanted = new HashSet<>(monitors);
            for (RollupRange range : ranges) {
                for (Rollup rollup : recorder.pending(range.tier(), range.from(), range.to(), wanted::contains)) {
                    merged.compute(rollup.monitorId(), (id, total) ->
                            (total == null ? RollupTotal.empty(id) : total).plus(rollup));
                }
            }
            return merged;
        });
    }

    @Override
    public long forEachInSeries(MonitorId monitorId, RollupTier tier, Instant from, Instant to,
                                Consumer<Rollup> sink) {
        return recorder.reading(() -> {
            ArrayDeque<Rollup> pending = recorder.pending(monitorId, tier, from, to).stream()
                    .sorted(Comparator.comparing(Rollup::start)).collect(Collectors.toCollection(ArrayDeque::new));
            long[] handed = {0};
            store.forEachInSeries(monitorId, tier, from, to, stored -> {
                // Pending buckets before this stored one go first; one at the same start is added to it.
                while (!pending.isEmpty() && pending.peek().start().isBefore(stored.start())) {
                    sink.accept(pending.poll());
                    handed[0]++;
                }
                boolean same = !pending.isEmpty() && pending.peek().start().equals(stored.start());
                sink.accept(same ? stored.plus(pending.poll()) : stored);
                handed[0]++;
            });
            handed[0] += pending.size();
            pending.forEach(sink);
            return handed[0];
        });
    }
}
