package dev.upwatch.core.service;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.RollupStore;
import dev.upwatch.core.model.LatencyBuckets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Folds every check into the minute, hour and day rollups of its monitor as it arrives, and {@link #flush writes}
 * the pending deltas to the {@link RollupStore} with additive semantics: nothing is ever recomputed from raw samples.
 *
 * <p>Down time: the status a check leaves the monitor in holds from that check's start until the next check's
 * start, but at most {@value #DOWN_SPAN_INTERVALS} check intervals; time beyond that is a gap without data. The
 * part of that span during which the status was DOWN is credited to the buckets it covers when the next check
 * arrives.
 */
public final class RollupRecorder {
    /** How many check intervals one check's status is taken to hold at most. */
    static final int DOWN_SPAN_INTERVALS = 2;

    private record Key(MonitorId monitorId, RollupTier tier, Instant start) {
    }

    private record Last(Instant startedAt, Status status) {
    }

    private final RollupStore store;
    private final Map<Key, Rollup> pending = new HashMap<>();
    private final Map<MonitorId, Last> last = new HashMap<>();
    /** Flushes begun; checks recorded now belong to this generation. Guarded by this. */
    private long generation;
    /** See {@link #writtenThrough()}. Guarded by this. */
    private long writtenThrough = -1;

    public RollupRecorder(RollupStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Remembers the latest stored check of a monitor (restored at start), so down time continues across a restart. */
    public synchronized void seed(MonitorId monitorId, Instant startedAt, Status status) {
        last.put(monitorId, new Last(startedAt, status));
    }

    /**
     * Folds one check of {@code monitor} that left it in status {@code after} into the pending rollups.
     *
     * @return the flush generation the check belongs to: it is written once {@link #writtenThrough()} reaches it
     */
    public synchronized long record(Monitor monitor, Sample sample, Status after) {
        MonitorId id = monitor.id();
        Last previous = last.get(id);
        if (previous != null && previous.status == Status.DOWN && sample.startedAt().isAfter(previous.startedAt)) {
            Instant spanEnd = previous.startedAt.plus(monitor.interval().multipliedBy(DOWN_SPAN_INTERVALS));
            addDownTime(id, previous.startedAt, sample.startedAt().isBefore(spanEnd) ? sample.startedAt() : spanEnd);
        }
        if (previous == null || !sample.startedAt().isBefore(previous.startedAt)) {
            last.put(id, new Last(sample.startedAt(), after));
        }
        for (RollupTier tier : RollupTier.values()) {
            Rollup one = single(id, tier, sample, after);
            pending.merge(new Key(id, tier, one.start()), one, Rollup::plus);
        }
        return generation;
    }

    /** How one check that left its monitor in status {@code after} counts for uptime (maintenance checks: not at all). */
    public static CheckCounts counts(Sample sample, Status after) {
        return single(sample.monitorId(), RollupTier.DAY, sample, after).counts();
    }

    /**
     * The newest flush generation whose checks are all written: every check {@link #record} tagged with it or an
     * older one is in the store. -1 before the first successful flush.
     */
    public synchronized long writtenThrough() {
        return writtenThrough;
    }

    /** Forgets monitors no longer tracked (their pending rollups are still written). */
    public synchronized void retain(java.util.Collection<MonitorId> tracked) {
        last.keySet().retainAll(tracked);
    }

    /** The pending (not yet written) rollups of one monitor and tier whose start lies in {@code [from, to)}. */
    public synchronized List<Rollup> pending(MonitorId monitorId, RollupTier tier, Instant from, Instant to) {
        List<Rollup> found = new ArrayList<>();
        for (Rollup rollup : pending.values()) {
            if (rollup.monitorId().equals(monitorId) && rollup.tier() == tier && !rollup.start().isBefore(from)
                    && rollup.start().isBefore(to)) {
                found.add(rollup);
            }
        }
        return found;
    }

    /** Pending bucket deltas not yet written. */
    public synchronized int pending() {
        return pending.size();
    }

    /**
     * Writes the pending deltas in one batch. When the store fails the deltas are kept (merged with any that came
     * meanwhile) for the next flush, and the failure is thrown.
     *
     * @return the rollups written (empty when nothing was pending)
     */
    public List<Rollup> flush() {
        List<Rollup> batch;
        long taken;
        synchronized (this) {
            if (pending.isEmpty()) {
                return List.of();
            }
            batch = new ArrayList<>(pending.values());
            pending.clear();
            taken = generation++;
        }
        try {
            store.add(batch);
            synchronized (this) {
                // The batch held every check of generation <= taken (failed ones were merged back into it).
                writtenThrough = Math.max(writtenThrough, taken);
            }
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                for (Rollup rollup : batch) {
                    pending.merge(new Key(rollup.monitorId(), rollup.tier(), rollup.start()), rollup, Rollup::plus);
                }
            }
            throw e;
        }
        return List.copyOf(batch);
    }

    private void addDownTime(MonitorId id, Instant from, Instant to) {
        for (RollupTier tier : RollupTier.values()) {
            Instant cursor = from;
            while (cursor.isBefore(to)) {
                Instant bucket = tier.floor(cursor);
                Instant bucketEnd = bucket.plus(tier.length());
                Instant end = bucketEnd.isBefore(to) ? bucketEnd : to;
                long millis = Duration.between(cursor, end).toMillis();
                if (millis > 0) {
                    Rollup down = new Rollup(id, tier, bucket, 0, 0, 0, 0, 0, millis, 0, 0, 0, new TreeMap<>());
                    pending.merge(new Key(id, tier, bucket), down, Rollup::plus);
                }
                cursor = end;
            }
        }
    }

    /**
     * The rollup of one check alone. A check that leaves the monitor in MAINTENANCE is a maintenance check whatever
     * it found — a failure there arrives excused as an ERROR sample ({@code MaintenanceCalendar.excuse}) and still
     * counts as maintenance, so that "uptime with maintenance counted as down" sees every check of the window.
     * Outside maintenance, ERROR and BLOCKED checks (our side could not or would not check) are errors.
     */
    private static Rollup single(MonitorId id, RollupTier tier, Sample sample, Status after) {
        Instant start = tier.floor(sample.startedAt());
        boolean maintenance = after == Status.MAINTENANCE;
        if (!maintenance && !sample.outcome().observedService()) {
            return new Rollup(id, tier, start, 1, 0, 1, 0, 0, 0, 0, 0, 0, new TreeMap<>());
        }
        long micros = TimeUnit.MICROSECONDS.convert(sample.responseTime());
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        histogram.put(LatencyBuckets.index(micros), 1L);
        boolean failure = !maintenance && sample.outcome() == Outcome.FAILURE;
        boolean degraded = !maintenance && !failure && after == Status.DEGRADED;
        return new Rollup(id, tier, start, 1, failure ? 1 : 0, 0, maintenance ? 1 : 0, degraded ? 1 : 0, 0, micros,
                micros, micros, histogram);
    }
}
