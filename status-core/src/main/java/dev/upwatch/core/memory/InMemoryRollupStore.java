package dev.upwatch.core.memory;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.port.RollupStore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/** A {@link RollupStore} in memory, for embedding without a database and for tests. */
public final class InMemoryRollupStore implements RollupStore {
    private final Map<RollupTier, Map<MonitorId, NavigableMap<Instant, Rollup>>> tiers = new EnumMap<>(RollupTier.class);

    public InMemoryRollupStore() {
        for (RollupTier tier : RollupTier.values()) {
            tiers.put(tier, new HashMap<>());
        }
    }

    @Override
    public synchronized void add(List<Rollup> rollups) {
        Objects.requireNonNull(rollups, "rollups");
        for (Rollup rollup : rollups) {
            tiers.get(rollup.tier()).computeIfAbsent(rollup.monitorId(), id -> new TreeMap<>())
                    .merge(rollup.start(), rollup, Rollup::plus);
        }
    }

    @Override
    public synchronized List<Rollup> series(MonitorId monitorId, RollupTier tier, Instant from, Instant to) {
        NavigableMap<Instant, Rollup> buckets = tiers.get(tier).get(monitorId);
        if (buckets == null || !from.isBefore(to)) {
            return List.of();
        }
        return List.copyOf(buckets.subMap(from, true, to, false).values());
    }

    @Override
    public synchronized Map<MonitorId, CheckCounts> counts(List<RollupRange> ranges) {
        Map<MonitorId, CheckCounts> counts = new HashMap<>();
        for (RollupRange range : ranges) {
            tiers.get(range.tier()).forEach((id, buckets) -> {
                for (Rollup rollup : buckets.subMap(range.from(), true, range.to(), false).values()) {
                    if (rollup.checks() > 0) {
                        counts.merge(id, rollup.counts(), CheckCounts::plus);
                    }
                }
            });
        }
        return Map.copyOf(counts);
    }

    @Override
    public synchronized Map<MonitorId, List<DailyCounts>> dailyCounts(LocalDate firstDay, LocalDate lastDay) {
        Instant from = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<MonitorId, List<DailyCounts>> result = new HashMap<>();
        if (!from.isBefore(to)) {
            return result;
        }
        tiers.get(RollupTier.DAY).forEach((id, buckets) -> {
            List<DailyCounts> days = new ArrayList<>();
            for (Rollup rollup : buckets.subMap(from, true, to, false).values()) {
                if (rollup.checks() > 0) {
                    days.add(new DailyCounts(LocalDate.ofInstant(rollup.start(), ZoneOffset.UTC), rollup.counts()));
                }
            }
            if (!days.isEmpty()) {
                result.put(id, List.copyOf(days));
            }
        });
        return Map.copyOf(result);
    }

    @Override
    public synchronized long deleteBefore(RollupTier tier, Instant before) {
        long deleted = 0;
        for (NavigableMap<Instant, Rollup> buckets : tiers.get(tier).values()) {
            NavigableMap<Instant, Rollup> old = buckets.headMap(before, false);
            deleted += old.size();
            old.clear();
        }
        return deleted;
    }
}
