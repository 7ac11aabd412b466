package dev.upwatch.persistence;

import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.upwatch.persistence.schema.Tables.SAMPLE;
import static dev.upwatch.persistence.schema.Tables.SAMPLE_BLOCK;

/**
 * Packs the raw samples of closed UTC days into {@code sample_block} rows, one per monitor and hour
 * ({@link SampleBlockCodec}), and removes the packed raw rows in the same transaction, so that a sample is always in
 * exactly one of the two tables, whatever fails or stops when.
 *
 * <p>On PostgreSQL a closed day's partition is packed whole and dropped ({@code lock} first, so no write can land in
 * it meanwhile); rows in {@code sample_default} and, on H2, rows of the plain table are packed an hour at a time and
 * deleted, and the transaction rolls back when the delete finds other rows than were packed (a late write came in
 * between; the next run packs it). Late samples of an hour that already has a block are merged into that block.
 */
final class SampleCompaction {
    /** The span of one block: a UTC hour. */
    static final Duration BLOCK = Duration.ofHours(1);
    /** Block rows inserted per statement. */
    private static final int INSERT_BATCH = 500;
    /** Raw rows fetched per round trip while packing. */
    private static final int FETCH_SIZE = 10_000;

    /** Called inside the transaction of a range, after its blocks are written and before its raw rows go. */
    interface Checkpoint {
        Checkpoint NONE = (from, to) -> {
        };

        void blocksWritten(Instant from, Instant to);
    }

    private final DSLContext dsl;
    private final Vendor vendor;
    private final Checkpoint checkpoint;

    SampleCompaction(DSLContext dsl, Vendor vendor, Checkpoint checkpoint) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** The start of the block holding {@code instant}. */
    static Instant blockStart(Instant instant) {
        long seconds = BLOCK.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    /**
     * Packs every raw sample that started before {@code end} (the start of the current UTC day).
     *
     * @param closedPartitions PostgreSQL's day partitions that end at or before {@code end}; empty on H2
     * @return how many samples were packed
     */
    long packBefore(Instant end, List<LocalDate> closedPartitions) {
        long packed = 0;
        for (LocalDate day : closedPartitions) {
            Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            String partition = SampleMaintenance.partitionName(day);
            packed += dsl.transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                // No write may land in the partition between reading it and dropping it.
                tx.execute("lock table " + partition + " in exclusive mode");
                long count = pack(tx, from, from.plus(Duration.ofDays(1)));
                checkpoint.blocksWritten(from, from.plus(Duration.ofDays(1)));
                tx.execute("drop table " + partition);
                return count;
            });
        }
        Table<?> rest = vendor == Vendor.POSTGRESQL ? DSL.table(DSL.name("sample_default")) : SAMPLE;
        while (true) {
            OffsetDateTime oldest = dsl.select(DSL.min(DSL.field(DSL.name("started_at"), OffsetDateTime.class)))
                    .from(rest)
                    .where(DSL.field(DSL.name("started_at"), OffsetDateTime.class).lt(JooqSampleStore.toDatabase(end)))
                    .fetchOne(0, OffsetDateTime.class);
            if (oldest == null) {
                return packed;
            }
            Instant from = blockStart(oldest.toInstant());
            Instant to = from.plus(BLOCK);
            packed += dsl.transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                long count = pack(tx, from, to);
                checkpoint.blocksWritten(from, to);
                int deleted = tx.deleteFrom(SAMPLE).where(SAMPLE.STARTED_AT.ge(JooqSampleStore.toDatabase(from))
                        .and(SAMPLE.STARTED_AT.lt(JooqSampleStore.toDatabase(to)))).execute();
                if (deleted != count) {
                    throw new IllegalStateException("samples of " + from + " changed while they were packed ("
                            + count + " packed, " + deleted + " found); the next run packs them again");
                }
                return count;
            });
        }
    }

    /**
     * Writes blocks for the raw rows that started in {@code [from, to)} (a whole number of blocks), merging them into
     * blocks already there; returns how many raw rows it read.
     */
    private static long pack(DSLContext tx, Instant from, Instant to) {
        Set<BlockKey> existing = new HashSet<>();
        tx.select(SAMPLE_BLOCK.MONITOR, SAMPLE_BLOCK.BLOCK_START).from(SAMPLE_BLOCK)
                .where(SAMPLE_BLOCK.BLOCK_START.ge(JooqSampleStore.toDatabase(from))
                        .and(SAMPLE_BLOCK.BLOCK_START.lt(JooqSampleStore.toDatabase(to))))
                .forEach(row -> existing.add(new BlockKey(row.value1(), row.value2().toInstant())));
        BlockWriter writer = new BlockWriter(tx, existing);
        long count = 0;
        int monitor = 0;
        Instant block = null;
        List<StoredSample> samples = new ArrayList<>();
        try (var rows = tx.select(SAMPLE.MONITOR, SAMPLE.STARTED_AT, SAMPLE.RESPONSE_TIME_US, SAMPLE.OUTCOME,
                        SAMPLE.ERROR, SAMPLE.CONDITION_RESULTS, SAMPLE.PHASES)
                .from(SAMPLE)
                .where(SAMPLE.STARTED_AT.ge(JooqSampleStore.toDatabase(from))
                        .and(SAMPLE.STARTED_AT.lt(JooqSampleStore.toDatabase(to))))
                .orderBy(SAMPLE.MONITOR, SAMPLE.STARTED_AT)
                .fetchSize(FETCH_SIZE)
                .fetchLazy()) {
            for (var row : rows) {
                Instant startedAt = row.value2().toInstant();
                Instant rowBlock = blockStart(startedAt);
                if (block == null || row.value1() != monitor || !rowBlock.equals(block)) {
                    if (!samples.isEmpty()) {
                        writer.add(monitor, block, samples);
                        samples = new ArrayList<>();
                    }
                    monitor = row.value1();
                    block = rowBlock;
                }
                samples.add(new StoredSample(StoredSample.micros(startedAt), row.value3(), row.value4(), row.value5(),
                        row.value6(), row.value7()));
                count++;
            }
        }
        if (!samples.isEmpty()) {
            writer.add(monitor, block, samples);
        }
        writer.flush();
        return count;
    }

    /**
     * Inserts blocks in batches; merges into a block that is already there ({@code existing}). The day packing and
     * the fold of the sample journal ({@link SampleJournal}) write blocks through it.
     */
    static final class BlockWriter {
        private final DSLContext tx;
        private final Set<BlockKey> existing;
        private final List<Block> pending = new ArrayList<>();

        BlockWriter(DSLContext tx, Set<BlockKey> existing) {
            this.tx = tx;
            this.existing = existing;
        }

        void add(int monitor, Instant start, List<StoredSample> samples) {
            List<StoredSample> all = samples;
            BlockKey key = new BlockKey(monitor, start);
            OffsetDateTime blockStart = JooqSampleStore.toDatabase(start);
            long startMicros = StoredSample.micros(start);
            if (existing.contains(key)) {
                byte[] payload = tx.select(SAMPLE_BLOCK.PAYLOAD).from(SAMPLE_BLOCK)
                        .where(SAMPLE_BLOCK.MONITOR.eq(monitor).and(SAMPLE_BLOCK.BLOCK_START.eq(blockStart)))
                        .fetchOne(SAMPLE_BLOCK.PAYLOAD);
                all = new ArrayList<>(SampleBlockCodec.decode(startMicros, payload));
                all.addAll(samples);
                all.sort(Comparator.comparingLong(StoredSample::startedAtMicros)); // stable: packed ones first
                tx.deleteFrom(SAMPLE_BLOCK)
                        .where(SAMPLE_BLOCK.MONITOR.eq(monitor).and(SAMPLE_BLOCK.BLOCK_START.eq(blockStart)))
                        .execute();
            }
            pending.add(new Block(monitor, blockStart, all.getFirst().startedAtMicros(),
                    all.getLast().startedAtMicros(), all.size(), SampleBlockCodec.encode(startMicros, all)));
            if (pending.size() >= INSERT_BATCH) {
                flush();
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            var insert = tx.insertInto(SAMPLE_BLOCK, SAMPLE_BLOCK.BLOCK_START, SAMPLE_BLOCK.FIRST_STARTED_AT,
                    SAMPLE_BLOCK.LAST_STARTED_AT, SAMPLE_BLOCK.MONITOR, SAMPLE_BLOCK.SAMPLE_COUNT,
                    SAMPLE_BLOCK.PAYLOAD);
            for (Block block : pending) {
                insert = insert.values(block.start(), JooqSampleStore.toDatabase(StoredSample.instant(block.first())),
                        JooqSampleStore.toDatabase(StoredSample.instant(block.last())), block.monitor(), block.count(),
                        block.payload());
            }
            insert.execute();
            pending.clear();
        }
    }

    /** A block ready to insert. */
    private record Block(int monitor, OffsetDateTime start, long first, long last, int count, byte[] payload) {
    }

    /** A block's key. */
    record BlockKey(int monitor, Instant start) {
    }
}
