package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.port.RollupStore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A rollup store in memory whose writes fail while {@link #broken} is set, as a database that is down. */
final class FlakyRollupStore implements RollupStore {
    final AtomicBoolean broken = new AtomicBoolean();
    final InMemoryRollupStore memory = new InMemoryRollupStore();
    /** When not negative: the adds that still succeed before the store breaks ({@link #broken} is then set). */
    final java.util.concurrent.atomic.AtomicInteger addsLeft = new java.util.concurrent.atomic.AtomicInteger(-1);
    /** How many monitors each successful add held, in order. */
    final List<Integer> monitorsPerAdd = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void add(List<Rollup> rollups) {
        if (addsLeft.getAndDecrement() == 0) {
            broken.set(true);
        }
        if (broken.get()) {
            throw new IllegalStateException("database down");
        }
        memory.add(rollups);
        monitorsPerAdd.add((int) rollups.stream().map(Rollup::monitorId).distinct().count());
    }

    @Override
    public List<Rollup> series(MonitorId id, RollupTier tier, Instant from, Instant to) {
        return memory.series(id, tier, from, to);
    }

    @Override
    public Map<MonitorId, CheckCounts> counts(List<RollupRange> ranges) {
        return memory.counts(ranges);
    }

    @Override
    public Map<MonitorId, List<DailyCounts>> dailyCounts(LocalDate firstDay, LocalDate lastDay) {
        return memory.dailyCounts(firstDay, lastDay);
    }

    @Override
    public long deleteBefore(RollupTier tier, Instant before) {
        return memory.deleteBefore(tier, before);
    }
}
