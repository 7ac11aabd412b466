package dev.upwatch.persistence;

import org.jooq.DSLContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.LongSupplier;

import static dev.upwatch.persistence.schema.Tables.SAMPLE_BLOCK;
import static dev.upwatch.persistence.schema.Tables.SAMPLE_JOURNAL;

/**
 * The embedded store's sample journal ({@code sample_journal}, V38): each written batch is one packed row
 * ({@link SampleJournalCodec}), and every {@link #FOLD_EVERY} the writer folds the rows into the hour blocks of
 * {@code sample_block} ({@link SampleCompaction.BlockWriter}, merging into a block already there) and deletes them,
 * in one transaction: a sample is in the journal or in a block, never both, never neither.
 *
 * <p>Readers of samples ({@link JooqSampleStore}) read the journal, the raw rows and the blocks inside
 * {@link #reading}; a fold takes the lock exclusively, so no read sees a sample moved half-way. H2 is embedded (one
 * process owns the file), so an in-process lock covers every reader and writer of the journal.
 */
final class SampleJournal {
    /** How often the writer folds the journal into blocks: it bounds what a read decodes (5 min of all monitors). */
    static final Duration FOLD_EVERY = Duration.ofMinutes(5);
    /** Journal rows per fold transaction (~10 samples each at 1,000 monitors), so a backlog folds in bounded steps. */
    static final int FOLD_ROWS = 2_000;

    private final DSLContext dsl;
    private final LongSupplier nanoTime;
    private final ReentrantReadWriteLock folding = new ReentrantReadWriteLock();
    /** {@link #nanoTime} of the last fold (or of the start). Guarded by {@link #folding}'s write lock. */
    private long foldedAt;

    SampleJournal(DSLContext dsl, LongSupplier nanoTime) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.foldedAt = nanoTime.getAsLong();
    }

    /** Appends {@code samples} (with their monitors' keys) as one row, in the caller's transaction. */
    static void write(DSLContext tx, List<SampleJournalCodec.Keyed> samples) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SampleJournalCodec.Keyed keyed : samples) {
            first = Math.min(first, keyed.sample().startedAtMicros());
            last = Math.max(last, keyed.sample().startedAtMicros());
        }
        tx.insertInto(SAMPLE_JOURNAL, SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.LAST_STARTED_AT,
                        SAMPLE_JOURNAL.SAMPLE_COUNT, SAMPLE_JOURNAL.PAYLOAD)
                .values(JooqSampleStore.toDatabase(StoredSample.instant(first)),
                        JooqSampleStore.toDatabase(StoredSample.instant(last)), samples.size(),
                        SampleJournalCodec.encode(first, samples))
                .execute();
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

    /**
     * Folds the journal when {@link #FOLD_EVERY} has passed since the last fold and no read is running (a running
     * export must not hold up the writer: the next batch tries again).
     *
     * @return the samples folded
     */
    long foldIfDue() {
        if (nanoTime.getAsLong() - foldedAt < FOLD_EVERY.toNanos() || !folding.writeLock().tryLock()) {
            return 0;
        }
        try {
            return foldLocked();
        } finally {
            folding.writeLock().unlock();
        }
    }

    /** Folds every journal row into blocks now (at open, and in tests). */
    long fold() {
        folding.writeLock().lock();
        try {
            return foldLocked();
        } finally {
            folding.writeLock().unlock();
        }
    }

    private long foldLocked() {
        long folded = 0;
        while (true) {
            long count = dsl.transactionResult(configuration -> foldRows(configuration.dsl()));
            folded += count;
            if (count == 0) {
                foldedAt = nanoTime.getAsLong();
                return folded;
            }
        }
    }

    /** Folds the oldest {@value #FOLD_ROWS} rows and deletes them; returns the samples folded (0: none left). */
    private static long foldRows(DSLContext tx) {
        var rows = tx.select(SAMPLE_JOURNAL.ID, SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD)
                .from(SAMPLE_JOURNAL)
                .orderBy(SAMPLE_JOURNAL.ID)
                .limit(FOLD_ROWS)
                .fetch();
        if (rows.isEmpty()) {
            return 0;
        }
        // Per block (monitor, hour): the samples in write order, then sorted by start (stable).
        Map<SampleCompaction.BlockKey, List<StoredSample>> blocks = new TreeMap<>(
                Comparator.comparingInt(SampleCompaction.BlockKey::monitor)
                        .thenComparing(SampleCompaction.BlockKey::start));
        long count = 0;
        for (var row : rows) {
            long first = StoredSample.micros(row.value2().toInstant());
            for (var part : SampleJournalCodec.decode(first, row.value3(), OptionalInt.empty()).entrySet()) {
                for (StoredSample sample : part.getValue()) {
                    Instant hour = SampleCompaction.blockStart(StoredSample.instant(sample.startedAtMicros()));
                    blocks.computeIfAbsent(new SampleCompaction.BlockKey(part.getKey(), hour), key -> new ArrayList<>())
                            .add(sample);
                    count++;
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
        List<Long> ids = rows.map(row -> row.value1());
        int deleted = tx.deleteFrom(SAMPLE_JOURNAL).where(SAMPLE_JOURNAL.ID.in(ids)).execute();
        if (deleted != ids.size()) {
            throw new IllegalStateException("journal rows changed while they were folded (" + ids.size()
                    + " folded, " + deleted + " deleted); the next fold takes them again");
        }
        return count;
    }

    /**
     * The journal's samples of each monitor of {@code keys}, in start order (equal starts in write order), every row
     * read and decoded once; call inside {@link #reading}.
     */
    Map<Integer, List<StoredSample>> readEach(java.util.Set<Integer> keys) {
        Map<Integer, List<StoredSample>> samples = new java.util.HashMap<>();
        for (var row : dsl.select(SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD)
                .from(SAMPLE_JOURNAL).orderBy(SAMPLE_JOURNAL.ID).fetch()) {
            SampleJournalCodec.decode(StoredSample.micros(row.value1().toInstant()), row.value2(), OptionalInt.empty())
                    .forEach((key, decoded) -> {
                        if (keys.contains(key)) {
                            samples.computeIfAbsent(key, k -> new ArrayList<>()).addAll(decoded);
                        }
                    });
        }
        samples.values().forEach(list -> list.sort(Comparator.comparingLong(StoredSample::startedAtMicros)));
        return samples;
    }

    /**
     * The journal's samples of monitor {@code key} that started in {@code [fromMicros, toMicros)}, in start order
     * (samples with equal starts in write order); call inside {@link #reading}.
     */
    List<StoredSample> read(int key, long fromMicros, long toMicros) {
        var where = org.jooq.impl.DSL.noCondition();
        if (fromMicros != Long.MIN_VALUE) {
            where = where.and(SAMPLE_JOURNAL.LAST_STARTED_AT.ge(JooqSampleStore.toDatabase(StoredSample.instant(fromMicros))));
        }
        if (toMicros != Long.MAX_VALUE) {
            where = where.and(SAMPLE_JOURNAL.FIRST_STARTED_AT.lt(JooqSampleStore.toDatabase(StoredSample.instant(toMicros))));
        }
        List<StoredSample> samples = new ArrayList<>();
        for (var row : dsl.select(SAMPLE_JOURNAL.FIRST_STARTED_AT, SAMPLE_JOURNAL.PAYLOAD)
                .from(SAMPLE_JOURNAL).where(where).orderBy(SAMPLE_JOURNAL.ID).fetch()) {
            long first = StoredSample.micros(row.value1().toInstant());
            for (StoredSample sample : SampleJournalCodec.decode(first, row.value2(), OptionalInt.of(key))
                    .getOrDefault(key, List.of())) {
                if (sample.startedAtMicros() >= fromMicros && sample.startedAtMicros() < toMicros) {
                    samples.add(sample);
                }
            }
        }
        samples.sort(Comparator.comparingLong(StoredSample::startedAtMicros)); // stable: write order kept
        return samples;
    }
}
