package dev.upwatch.persistence;

import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import static dev.upwatch.persistence.schema.Tables.SAMPLE_BLOCK;
import static dev.upwatch.persistence.schema.Tables.SAMPLE_JOURNAL;

/**
 * The embedded store's sample journal ({@code sample_journal}, V38): each written batch is one packed row
 * ({@link SampleJournalCodec}). Once an hour has closed (and {@link #GRACE} has passed), the writer folds the rows of
 * the closed hours into the hour blocks of {@code sample_block} ({@link SampleCompaction.BlockWriter}, merging into a
 * block already there) and deletes them, in one transaction: a sample is in the journal or in a block, never both,
 * never neither.
 *
 * <p>Why only closed hours: H2's MVStore never overwrites a page in place, so each rewrite of a block leaves its old
 * pages in the file until H2 compacts them. Folding every few minutes rewrote every monitor's current hour block each
 * time (the file's sawtooth of +6 to +29 MB, docs/benchmarks.md); folding once an hour writes each block once. A
 * late sample of a closed hour (a row written after its hour's fold) stays in the journal and is merged into its
 * block by the next hour's fold.
 *
 * <p>Readers of samples ({@link JooqSampleStore}) read the journal, the raw rows and the blocks inside
 * {@link #reading}; a fold takes the lock exclusively, so no read sees a sample moved half-way. H2 is embedded (one
 * process owns the file), so an in-process lock covers every reader and writer of the journal.
 */
final class SampleJournal {
    /** How long after an hour closes its rows are folded: a batch started in the hour is written by then. */
    static final Duration GRACE = Duration.ofMinutes(2);
    /**
     * Samples per fold transaction (decoded in memory at once, ~80 B each: 8 MB, which the launcher's 80 MB heap at
     * 1,000 monitors holds beside its ~50 MB live): an hour of 1,000 monitors at 20 s (180,000) folds in two steps,
     * so each block is written at most twice; more monitors fold in a few more bounded steps.
     */
    static final int FOLD_SAMPLES = 100_000;
    /** Journal rows per fold transaction at most (~10 samples each at 1,000 monitors), and ids per IN list. */
    static final int FOLD_ROWS = 50_000;
    private static final int IDS_PER_STATEMENT = 1_000;

    private final DSLContext dsl;
    private final Clock clock;
    private final int foldSamples;
    private final ReentrantReadWriteLock folding = new ReentrantReadWriteLock();
    /**
     * Per monitor key, the ids of the journal rows that hold its samples (copied on write: a reader keeps the array
     * it got), so that reading one monitor fetches its rows only, not the hour of all monitors' rows. Rows enter the
     * journal by {@link #append} and leave by a fold only; the rows found at construction are noted then.
     */
    private final Map<Integer, long[]> rowsOf = new ConcurrentHashMap<>();
    /** Per journal row id, the start of its newest sample (µs since the epoch): bounds {@link #readNewest}. */
    private final Map<Long, Long> lastOf = new ConcurrentHashMap<>();
    /**
     * The end of the hours the last fold took (rows that ended before it): the writer folds again when the clock has
     * passed the next hour's end plus {@link #GRACE}. Written under {@link #folding}'s write lock.
     */
    private volatile Instant foldedBefore = Instant.MIN;

    SampleJournal(DSLContext dsl, Clock clock) {
        this(dsl, clock, FOLD_SAMPLES);
    }

    /** @param foldSamples samples per fold transaction (a smaller budget in tests) */
    SampleJournal(DSLContext dsl, Clock clock, int foldSamples) {
        if (foldSamples < 1) {
            throw new IllegalArgumentException("foldSamples must be positive: " + foldSamples);
        }
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.foldSamples = foldSamples;
        // What a stopped run left (none after a clean stop; after a crash up to the current hour and the grace, which
        // maintenance folds later, off the start path): only the rows' monitor lists are read, not their samples.
        // Read in pages of NEWEST_ROWS rows, not in one result: an hour of journal is ~10 MB of payloads, too much to
        // hold at once beside a starting server in the launcher's heap.
        long after = Long.MIN_VALUE;
        while (true) {
            var page = dsl.select(SAMPLE_JOURNAL.ID, SAMPLE_JOURNAL.LAST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD)
                    .from(SAMPLE_JOURNAL).where(SAMPLE_JOURNAL.ID.gt(after)).orderBy(SAMPLE_JOURNAL.ID)
                    .limit(NEWEST_ROWS).fetch();
            for (var row : page) {
                lastOf.put(row.value1(), StoredSample.micros(row.value2().toInstant()));
                for (int monitor : SampleJournalCodec.monitors(row.value3())) {
                    noteRow(monitor, row.value1());
                }
                after = row.value1();
            }
            if (page.size() < NEWEST_ROWS) {
                break;
            }
        }
    }

    /**
     * Appends {@code samples} (with their monitors' keys) as one row in a transaction of its own, and once it is
     * committed notes the row under each of its monitors for {@link #read}.
     */
    void append(List<SampleJournalCodec.Keyed> samples) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Set<Integer> monitors = new HashSet<>();
        for (SampleJournalCodec.Keyed keyed : samples) {
            first = Math.min(first, keyed.sample().startedAtMicros());
            last = Math.max(last, keyed.sample().startedAtMicros());
            monitors.add(keyed.monitor());
        }
        long firstMicros = first;
        long lastMicros = last;
        long id = dsl.transactionResult(configuration -> configuration.dsl()
                .insertInto(SAMPLE_JOURNAL, SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.LAST_STARTED_AT,
                        SAMPLE_JOURNAL.SAMPLE_COUNT, SAMPLE_JOURNAL.PAYLOAD)
                .values(JooqSampleStore.toDatabase(StoredSample.instant(firstMicros)),
                        JooqSampleStore.toDatabase(StoredSample.instant(lastMicros)), samples.size(),
                        SampleJournalCodec.encode(firstMicros, samples))
                .returning(SAMPLE_JOURNAL.ID)
                .fetchSingle(SAMPLE_JOURNAL.ID));
        lastOf.put(id, lastMicros);
        monitors.forEach(monitor -> noteRow(monitor, id));
    }

    private void noteRow(int monitor, long id) {
        rowsOf.merge(monitor, new long[]{id}, (held, added) -> {
            long[] more = Arrays.copyOf(held, held.length + 1);
            more[held.length] = id;
            return more;
        });
    }

    /** Runs {@code read} while no fold moves samples out of the journal. */
    <T> T reading(Supplier<T> read) {
        folding.readLock().lock();
        try {
            return read.get();
        } finally {
            folding.readLock().unlock();
        }
    }

    /** The start of the newest hour whose rows may be folded at {@code now}: hours before it closed {@link #GRACE} ago. */
    static Instant closedBefore(Instant now) {
        return SampleCompaction.blockStart(now.minus(GRACE));
    }

    /**
     * Folds the rows of the hours that closed at least {@link #GRACE} ago, once per hour, when no read is running (a
     * running export must not hold up the writer: the next batch tries again).
     *
     * @return the samples folded
     */
    long foldIfDue() {
        Instant before = closedBefore(clock.instant());
        if (!before.isAfter(foldedBefore) || !folding.writeLock().tryLock()) {
            return 0;
        }
        try {
            long folded = foldLocked(before);
            foldedBefore = before;
            return folded;
        } finally {
            folding.writeLock().unlock();
        }
    }

    /** Folds every journal row into blocks now, the current hour's too (at open, at close, by maintenance, in tests). */
    long fold() {
        folding.writeLock().lock();
        try {
            return foldLocked(Instant.MAX);
        } finally {
            folding.writeLock().unlock();
        }
    }

    private long foldLocked(Instant before) {
        long folded = 0;
        while (true) {
            Folded step = dsl.transactionResult(configuration -> foldRows(configuration.dsl(), before, foldSamples));
            if (step.samples() == 0) {
                return folded;
            }
            folded += step.samples();
            // Committed: the rows are gone from the journal, so from its index too.
            Set<Long> gone = new HashSet<>(step.rows());
            step.rows().forEach(lastOf::remove);
            step.monitors().forEach(monitor -> rowsOf.computeIfPresent(monitor, (key, held) -> {
                long[] kept = Arrays.stream(held).filter(id -> !gone.contains(id)).toArray();
                return kept.length == 0 ? null : kept;
            }));
        }
    }

    /**
     * Folds the oldest rows whose samples all started before {@code before}, up to {@code budget} samples (at least
     * one row), and deletes them.
     */
    private static Folded foldRows(DSLContext tx, Instant before, int budget) {
        var ended = before.equals(Instant.MAX) ? org.jooq.impl.DSL.noCondition()
                : SAMPLE_JOURNAL.LAST_STARTED_AT.lt(JooqSampleStore.toDatabase(before));
        List<Long> ids = new ArrayList<>();
        long taken = 0;
        for (var row : tx.select(SAMPLE_JOURNAL.ID, SAMPLE_JOURNAL.SAMPLE_COUNT).from(SAMPLE_JOURNAL)
                .where(ended).orderBy(SAMPLE_JOURNAL.ID).limit(FOLD_ROWS).fetch()) {
            if (!ids.isEmpty() && taken + row.value2() > budget) {
                break;
            }
            ids.add(row.value1());
            taken += row.value2();
        }
        if (ids.isEmpty()) {
            return new Folded(0, List.of(), Set.of());
        }
        // Per block (monitor, hour): the samples in write order, then sorted by start (stable).
        Map<SampleCompaction.BlockKey, List<StoredSample>> blocks = new TreeMap<>(
                Comparator.comparingInt(SampleCompaction.BlockKey::monitor)
                        .thenComparing(SampleCompaction.BlockKey::start));
        long count = 0;
        for (List<Long> part : partition(ids)) {
            for (var row : tx.select(SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD).from(SAMPLE_JOURNAL)
                    .where(SAMPLE_JOURNAL.ID.in(part)).orderBy(SAMPLE_JOURNAL.ID).fetch()) {
                long first = StoredSample.micros(row.value1().toInstant());
                for (var monitor : SampleJournalCodec.decode(first, row.value2(), OptionalInt.empty()).entrySet()) {
                    for (StoredSample sample : monitor.getValue()) {
                        Instant hour = SampleCompaction.blockStart(StoredSample.instant(sample.startedAtMicros()));
                        blocks.computeIfAbsent(new SampleCompaction.BlockKey(monitor.getKey(), hour),
                                key -> new ArrayList<>()).add(sample);
                        count++;
                    }
                }
            }
        }
        Set<Instant> hours = new HashSet<>();
        blocks.keySet().forEach(key -> hours.add(key.start()));
        Set<SampleCompaction.BlockKey> existing = new HashSet<>();
        tx.select(SAMPLE_BLOCK.MONITOR, SAMPLE_BLOCK.BLOCK_START).from(SAMPLE_BLOCK)
                .where(SAMPLE_BLOCK.BLOCK_START.in(hours.stream().map(JooqSampleStore::toDatabase).toList()))
                .forEach(row -> existing.add(new SampleCompaction.BlockKey(row.value1(), row.value2().toInstant())));
        SampleCompaction.BlockWriter writer = new SampleCompaction.BlockWriter(tx, existing);
        blocks.forEach((key, samples) -> {
            samples.sort(Comparator.comparingLong(StoredSample::startedAtMicros));
            writer.add(key.monitor(), key.start(), samples);
        });
        writer.flush();
        // Exactly the rows folded: a row another writer committed meanwhile stays for the next fold.
        int deleted = 0;
        for (List<Long> part : partition(ids)) {
            deleted += tx.deleteFrom(SAMPLE_JOURNAL).where(SAMPLE_JOURNAL.ID.in(part)).execute();
        }
        if (deleted != ids.size()) {
            throw new IllegalStateException("journal rows changed while they were folded (" + ids.size()
                    + " folded, " + deleted + " deleted); the next fold takes them again");
        }
        Set<Integer> monitors = new HashSet<>();
        blocks.keySet().forEach(key -> monitors.add(key.monitor()));
        return new Folded(count, ids, monitors);
    }

    /** What one fold transaction moved: its samples, the journal rows it deleted and their monitors. */
    private record Folded(long samples, List<Long> rows, Set<Integer> monitors) {
    }

    /** {@code ids} in lists of {@value #IDS_PER_STATEMENT}, each bound into one statement. */
    private static List<List<Long>> partition(List<Long> ids) {
        List<List<Long>> parts = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            parts.add(ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT)));
        }
        return parts;
    }

    /**
     * Journal rows per statement of {@link #readNewest} (the newest first, until each monitor has its newest) and of
     * the open's read: 100 rows of ~50 samples each (the writer's 1 s batches at 1,000 monitors every 20 s), so a
     * step decodes ~5,000 samples more than the restore needs at most.
     */
    static final int NEWEST_ROWS = 100;

    /**
     * At least the newest {@code limit} journal samples of each monitor of {@code keys} (all it has when fewer), in
     * start order (equal starts in write order); call inside {@link #reading}. Reads the rows newest first,
     * {@value #NEWEST_ROWS} per statement, and stops once no older row can hold one of a monitor's newest
     * {@code limit} (its newest start is before them) or the monitor has no older row: a restart after a crash with
     * the hour in the journal decodes the last minutes of it, not the hour.
     */
    Map<Integer, List<StoredSample>> readNewest(Set<Integer> keys, int limit) {
        return readNewest(keys, limit, NEWEST_ROWS);
    }

    /** {@link #readNewest(Set, int)} reading {@code rowsPerStatement} rows per statement (fewer in tests). */
    Map<Integer, List<StoredSample>> readNewest(Set<Integer> keys, int limit, int rowsPerStatement) {
        java.util.TreeSet<Long> held = new java.util.TreeSet<>();
        Map<Integer, Integer> unread = new java.util.HashMap<>(); // per monitor, its rows not read yet
        keys.forEach(key -> {
            long[] rows = rowsOf.get(key);
            if (rows != null) {
                Arrays.stream(rows).forEach(held::add);
                unread.put(key, rows.length);
            }
        });
        long[] ids = held.descendingSet().stream().mapToLong(Long::longValue).toArray();
        // olderLast[i]: the newest start in the rows older than ids[i] (those read after it).
        long[] olderLast = new long[ids.length];
        long newest = Long.MIN_VALUE;
        for (int i = ids.length - 1; i >= 0; i--) {
            olderLast[i] = newest;
            newest = Math.max(newest, lastOf.getOrDefault(ids[i], Long.MAX_VALUE));
        }
        Map<Integer, java.util.NavigableMap<Long, List<StoredSample>>> byRow = new java.util.HashMap<>();
        Set<Integer> wanted = new HashSet<>(unread.keySet());
        for (int from = 0; from < ids.length && !wanted.isEmpty(); from += rowsPerStatement) {
            int to = Math.min(ids.length, from + rowsPerStatement);
            List<Long> part = Arrays.stream(ids, from, to).boxed().toList();
            for (var row : dsl.select(SAMPLE_JOURNAL.ID, SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD)
                    .from(SAMPLE_JOURNAL).where(SAMPLE_JOURNAL.ID.in(part)).fetch()) {
                SampleJournalCodec.decode(StoredSample.micros(row.value2().toInstant()), row.value3(), keys::contains)
                        .forEach((key, decoded) -> {
                            byRow.computeIfAbsent(key, k -> new TreeMap<>()).put(row.value1(), decoded);
                            unread.merge(key, -1, Integer::sum);
                        });
            }
            long older = olderLast[to - 1];
            wanted.removeIf(key -> unread.get(key) <= 0 || limitthNewest(byRow.get(key), limit) >= older);
        }
        Map<Integer, List<StoredSample>> samples = new java.util.HashMap<>();
        byRow.forEach((key, rows) -> {
            List<StoredSample> list = new ArrayList<>();
            rows.values().forEach(list::addAll); // write order
            list.sort(Comparator.comparingLong(StoredSample::startedAtMicros)); // stable
            samples.put(key, list);
        });
        return samples;
    }

    /** The start of the {@code limit}-th newest of the samples read so far, or the minimum when there are fewer. */
    private static long limitthNewest(java.util.NavigableMap<Long, List<StoredSample>> rows, int limit) {
        if (rows == null) {
            return Long.MIN_VALUE;
        }
        long[] starts = rows.values().stream().flatMap(List::stream).mapToLong(StoredSample::startedAtMicros)
                .sorted().toArray();
        return starts.length < limit ? Long.MIN_VALUE : starts[starts.length - limit];
    }

    /**
     * The journal's samples of monitor {@code key} that started in {@code [fromMicros, toMicros)}, in start order
     * (samples with equal starts in write order); call inside {@link #reading}.
     */
    List<StoredSample> read(int key, long fromMicros, long toMicros) {
        long[] rows = rowsOf.get(key);
        if (rows == null) {
            return List.of();
        }
        rows = rows.clone();
        Arrays.sort(rows); // write order, for samples with equal starts
        var where = org.jooq.impl.DSL.noCondition();
        if (fromMicros != Long.MIN_VALUE) {
            where = where.and(SAMPLE_JOURNAL.LAST_STARTED_AT.ge(JooqSampleStore.toDatabase(StoredSample.instant(fromMicros))));
        }
        if (toMicros != Long.MAX_VALUE) {
            where = where.and(SAMPLE_JOURNAL.FIRST_STARTED_AT.lt(JooqSampleStore.toDatabase(StoredSample.instant(toMicros))));
        }
        List<StoredSample> samples = new ArrayList<>();
        for (List<Long> part : partition(Arrays.stream(rows).boxed().toList())) {
            for (var row : dsl.select(SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD)
                    .from(SAMPLE_JOURNAL).where(where.and(SAMPLE_JOURNAL.ID.in(part))).orderBy(SAMPLE_JOURNAL.ID)
                    .fetch()) {
                long first = StoredSample.micros(row.value1().toInstant());
                for (StoredSample sample : SampleJournalCodec.decode(first, row.value2(), OptionalInt.of(key))
                        .getOrDefault(key, List.of())) {
                    if (sample.startedAtMicros() >= fromMicros && sample.startedAtMicros() < toMicros) {
                        samples.add(sample);
                    }
                }
            }
        }
        samples.sort(Comparator.comparingLong(StoredSample::startedAtMicros)); // stable: write order kept
        return samples;
    }
}
