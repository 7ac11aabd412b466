package dev.upwatch.core.port;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupMark;
import dev.upwatch.core.model.RollupTier;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Durable per-monitor rollups at minute, hour and day resolution. Its reads ({@link RollupQuery}) see only what was
 * written: readers are given the engine's {@code RollupQuery}, which adds the rollups still pending in memory.
 */
public interface RollupStore extends RollupQuery {

    /**
     * Adds each rollup to the stored one of its bucket ({@link Rollup#plus}), creating it when missing; all or none.
     * Adding is commutative, so a retried or partial flush after a restart stays correct.
     *
     * @throws RuntimeException when the store cannot be written; the caller keeps the rollups and retries
     */
    void add(List<Rollup> rollups);

    /**
     * Adds the rollups ({@link #add(List)}) and stores each monitor's {@link RollupMark} in the same transaction, so
     * that the marks always say exactly which checks the stored rollups hold. Stores that do not survive the process
     * (the default) keep no marks.
     *
     * @throws RuntimeException when the store cannot be written; nothing is written then
     */
    default void add(List<Rollup> rollups, Collection<RollupMark> marks) {
        add(rollups);
    }

    /** The stored mark of every monitor that has one (see {@link #add(List, Collection)}); none by default. */
    default Map<MonitorId, RollupMark> marks() {
        return Map.of();
    }

    /** Deletes the buckets of {@code tier} that start before {@code before}; returns how many. */
    long deleteBefore(RollupTier tier, Instant before);
}
