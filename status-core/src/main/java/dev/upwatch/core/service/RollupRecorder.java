package dev.upwatch.core.service;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupMark;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Folds every check into the minute, hour and day rollups of its monitor as it arrives, and {@link #flush writes}
 * the pending deltas to the {@link RollupStore} with additive semantics, together with each monitor's
 * {@link RollupMark} (the newest check the written rollups hold). Writes are rare and large (see
 * {@code UpwatchEngine}); what a crash loses in memory is rebuilt at the next start from the raw samples after the
 * marks ({@code StatusService#track}), so each check is counted once.
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
    private final Map<Key, Rollup.Sum> pending = new HashMap<>();
    /** The batch a flush is writing: still pending for readers until the store holds it. Guarded by this. */
    private final Map<Key, Rollup> writing = new HashMap<>();
    /**
     * Held shared by readers of the store and the pending rollups ({@link #reading}), exclusively while a flush writes
     * the store and moves its batch out of {@link #writing}: a reader never sees a batch twice or not at all.
     */
    private final ReentrantReadWriteLock storeWrite = new ReentrantReadWriteLock();
    /** One flush at a time: {@link #writing} holds one batch. */
    private final Object flushing = new Object();
    private final Map<MonitorId, Last> last = new HashMap<>();
    /** The marks the next flush writes: monitors recorded (or first tracked) since the last flush. */
    private final Map<MonitorId, RollupMark> unwritten = new HashMap<>();
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
            unwritten.put(id, new RollupMark(id, sample.startedAt(), after));
        }
        for (RollupTier tier : RollupTier.values()) {
            Rollup one = single(id, tier, sample, after);
            add(new Key(id, tier, one.start()), one);
        }
        return generation;
    }

    /**
     * Has the next flush write {@code mark} for a monitor that has none stored (a new monitor, or one from before
     * marks were kept): its rollups hold the checks up to there, the later ones are recorded from now on.
     */
    public synchronized void markFrom(RollupMark mark) {
        unwritten.putIfAbsent(mark.monitorId(), mark);
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

    /**
     * The pending (not yet written) rollups of {@code tier} whose start lies in {@code [from, to)} and whose monitor
     * {@code monitors} accepts, one per bucket. Consistent with the store only inside {@link #reading}.
     */
    public synchronized List<Rollup> pending(RollupTier tier, Instant from, Instant to,
                                             java.util.function.Predicate<MonitorId> monitors) {
        java.util.function.Predicate<Key> wanted = key -> key.tier == tier && !key.start.isBefore(from)
                && key.start.isBefore(to) && monitors.test(key.monitorId);
        Map<Key, Rollup> found = new HashMap<>();
        writing.forEach((key, rollup) -> {
            if (wanted.test(key)) {
                found.put(key, rollup);
            }
        });
        pending.forEach((key, sum) -> {
            if (wanted.test(key)) {
                found.merge(key, sum.rollup(), Rollup::plus);
            }
        });
        return new ArrayList<>(found.values());
    }

    /** {@link #pending(RollupTier, Instant, Instant, java.util.function.Predicate)} of one monitor. */
    public List<Rollup> pending(MonitorId monitorId, RollupTier tier, Instant from, Instant to) {
        return pending(tier, from, to, monitorId::equals);
    }

    /**
     * Runs {@code read} (a read of the store and of {@link #pending}) while no flush writes the store, so that it sees
     * every recorded check exactly once: either in the store or pending. A flush waits for running reads.
     */
    public <T> T reading(Supplier<T> read) {
        storeWrite.readLock().lock();
        try {
            return read.get();
        } finally {
            storeWrite.readLock().unlock();
        }
    }

    /** Pending bucket deltas not yet written. */
    public synchronized int pending() {
        return pending.size();
    }

    /**
     * Writes the pending deltas, {@value #MONITORS_PER_WRITE} monitors' buckets and marks per store write. When the
     * store fails, the deltas not written yet are kept (merged with any that came meanwhile) for the next flush, and
     * the failure is thrown.
     *
     * @return the rollups written (empty when nothing was pending)
     */
    public List<Rollup> flush() {
        return flush(() -> { });
    }

    /**
     * {@link #flush()}, running {@code beforeWrite} after the pending deltas are taken and before they are written;
     * when it throws, nothing is written and the deltas are kept. The engine waits there until every sample recorded
     * so far is durable, so that the stored rollups never hold a check that a crash could take from the raw samples.
     */
    public List<Rollup> flush(Runnable beforeWrite) {
        synchronized (flushing) {
            return flushOnce(beforeWrite);
        }
    }

    /**
     * Monitors per write of a flush: each write holds these monitors' buckets and marks (what a crash needs to be
     * atomic, per monitor). On the embedded store a write is one file chunk, and a chunk of the whole flush (~8,000
     * rows at 1,000 monitors) found no free space in the file big enough and went to its end: +5 to +9 MB per flush,
     * docs/benchmarks.md.
     */
    static final int MONITORS_PER_WRITE = 100;

    private List<Rollup> flushOnce(Runnable beforeWrite) {
        Map<MonitorId, List<Key>> keysOf = new TreeMap<>(java.util.Comparator.comparing(MonitorId::value));
        List<RollupMark> marks;
        long taken;
        synchronized (this) {
            if (pending.isEmpty() && unwritten.isEmpty()) {
                return List.of();
            }
            pending.forEach((key, sum) -> {
                writing.put(key, sum.rollup());
                keysOf.computeIfAbsent(key.monitorId(), id -> new ArrayList<>()).add(key);
            });
            pending.clear();
            marks = new ArrayList<>(unwritten.values());
            unwritten.clear();
            marks.forEach(mark -> keysOf.computeIfAbsent(mark.monitorId(), id -> new ArrayList<>()));
            taken = generation++;
        }
        Map<MonitorId, RollupMark> markOf = new HashMap<>();
        marks.forEach(mark -> markOf.put(mark.monitorId(), mark));
        List<Rollup> written = new ArrayList<>();
        List<MonitorId> monitors = new ArrayList<>(keysOf.keySet());
        try {
            beforeWrite.run();
            storeWrite.writeLock().lock();
            try {
                for (int from = 0; from < monitors.size(); from += MONITORS_PER_WRITE) {
                    List<MonitorId> group = monitors.subList(from, Math.min(monitors.size(), from + MONITORS_PER_WRITE));
                    List<Rollup> rollups = new ArrayList<>();
                    List<RollupMark> groupMarks = new ArrayList<>();
                    List<Key> keys = new ArrayList<>();
                    synchronized (this) {
                        for (MonitorId id : group) {
                            for (Key key : keysOf.get(id)) {
                                rollups.add(writing.get(key));
                                keys.add(key);
                            }
                            if (markOf.containsKey(id)) {
                                groupMarks.add(markOf.get(id));
                            }
                        }
                    }
                    store.add(rollups, groupMarks);
                    synchronized (this) {
                        keys.forEach(writing::remove); // in the store now: a failure later keeps only the rest
                        group.forEach(markOf::remove);
                    }
                    written.addAll(rollups);
                }
                synchronized (this) {
                    // The batch held every check of generation <= taken (failed ones were merged back into it).
                    writtenThrough = Math.max(writtenThrough, taken);
                }
            } finally {
                storeWrite.writeLock().unlock();
            }
        } catch (RuntimeException | Error e) {
            keep(List.copyOf(markOf.values())); // readers see the rest pending all along: back from writing to pending
            throw e;
        }
        return List.copyOf(written);
    }

    /** Puts back a batch that was not written (merged with checks recorded meanwhile) for the next flush. */
    private synchronized void keep(List<RollupMark> marks) {
        writing.forEach(this::add);
        writing.clear();
        // A mark recorded meanwhile is newer than the one taken.
        marks.forEach(mark -> unwritten.putIfAbsent(mark.monitorId(), mark));
    }

    /** Adds {@code rollup}'s checks to the pending sum of its bucket. Guarded by this. */
    private void add(Key key, Rollup rollup) {
        Rollup.Sum sum = pending.get(key);
        if (sum == null) {
            pending.put(key, new Rollup.Sum(rollup));
        } else {
            sum.add(rollup);
        }
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
                    add(new Key(id, tier, bucket), down);
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
