package dev.upwatch.persistence;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static dev.upwatch.persistence.schema.Tables.MONITOR;
import static dev.upwatch.persistence.schema.Tables.SAMPLE;
import static dev.upwatch.persistence.schema.Tables.SAMPLE_BLOCK;
import static org.jooq.Records.mapping;

/**
 * {@link SampleStore} on the {@code monitor} and {@code sample} tables, for PostgreSQL and H2 alike.
 *
 * <p>Precision kept: start instants and response times to the microsecond, finer parts truncated (both databases
 * store microseconds). Error texts longer than {@value #ERROR_MAX_CHARS} characters are cut, and NUL characters in
 * texts become U+FFFD, so that no sample can make its batch fail forever. Timing phases are packed by
 * {@link PhasesCodec}. Samples of one monitor with the very same start microsecond come back in no defined order
 * (the table has no surrogate id: it would cost 8 bytes per sample).
 *
 * <p>Writes go as one JDBC batch in a transaction, or on PostgreSQL as one binary {@code COPY} ({@link SampleCopy}),
 * which the ingest benchmark measured about twice as fast; both are all or nothing, and durable when
 * {@link #append} returns ({@link Vendor#flushCommits}: on H2 one {@code CHECKPOINT} per batch), so a sample counted as
 * written survives the process being killed.
 *
 * <p>Reads merge the raw rows with the {@code sample_block} rows that {@link SampleMaintenance} packs closed days
 * into ({@link SampleCompaction}, {@link SampleBlockCodec}): same order and content whichever table a sample is in.
 */
final class JooqSampleStore implements SampleStore {
    static final int ERROR_MAX_CHARS = 1000;
    private static final System.Logger LOG = System.getLogger(JooqSampleStore.class.getName());

    private static final short SUCCESS_CODE = 0;
    private static final short FAILURE_CODE = 1;
    private static final short ERROR_CODE = 2;
    private static final short BLOCKED_CODE = 3;

    /** Monitors per query of {@link #recentOfEach}: far below every driver's bind parameter limit. */
    static final int EACH_CHUNK = 500;
    /** Raw rows per fetch when streaming an export. */
    static final int STREAM_FETCH = 5_000;
    /** Packed hours per fetch when streaming an export (each ~2.6 KB at one check every 30 s). */
    static final int BLOCK_FETCH = 100;

    private final DSLContext dsl;
    private final Vendor vendor;
    private final MonitorKeys monitorKeys;
    private final SampleWriteMethod writeMethod;
    private final Optional<SampleJournal> journal;
    private final EmbeddedWrites writes;

    /**
     * @param journal the sample journal (H2): read with the other tables, and written when {@code writeMethod} is
     *                {@link SampleWriteMethod#JOURNAL}; empty on PostgreSQL
     */
    JooqSampleStore(DSLContext dsl, Vendor vendor, SampleWriteMethod writeMethod, Optional<SampleJournal> journal) {
        this(dsl, vendor, writeMethod, journal, EmbeddedWrites.of(vendor));
    }

    /** @param writes keeps this store's checkpoints out of the rollup store's transactions (H2) */
    JooqSampleStore(DSLContext dsl, Vendor vendor, SampleWriteMethod writeMethod, Optional<SampleJournal> journal,
                    EmbeddedWrites writes) {
        if (writeMethod == SampleWriteMethod.JOURNAL && journal.isEmpty()) {
            throw new IllegalArgumentException("the sample journal is H2's, not " + vendor + "'s");
        }
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.writeMethod = Objects.requireNonNull(writeMethod, "writeMethod");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.monitorKeys = new MonitorKeys(dsl);
    }

    @Override
    public void append(List<Sample> samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            return;
        }
        Set<MonitorId> ids = samples.stream().map(Sample::monitorId).collect(Collectors.toSet());
        Map<MonitorId, Integer> keys = monitorKeys.resolve(ids);
        switch (writeMethod) {
            case COPY -> dsl.connection(connection -> SampleCopy.copy(connection, samples, keys));
            case BATCH -> dsl.transaction(configuration -> insertBatch(configuration.dsl(), samples, keys));
            case JOURNAL -> {
                List<SampleJournalCodec.Keyed> keyed = new ArrayList<>(samples.size());
                samples.forEach(sample -> keyed.add(new SampleJournalCodec.Keyed(keys.get(sample.monitorId()),
                        stored(sample))));
                journal.orElseThrow().append(keyed);
            }
        }
        // Once per batch, so that samples the caller counts as written survive a crash (on H2 one write of the
        // changed pages per batch; never one per sample).
        writes.apart(() -> vendor.flushCommits(dsl));
        if (writeMethod == SampleWriteMethod.JOURNAL) {
            journal.ifPresent(this::foldIfDue);
        }
    }

    /** Folds the journal into blocks when due; the batch is written whatever happens here. */
    private void foldIfDue(SampleJournal samples) {
        try {
            samples.foldIfDue();
        } catch (RuntimeException e) {
            // The rows stay in the journal (the fold is one transaction) and the next batch tries again.
            LOG.log(System.Logger.Level.WARNING, "could not fold the sample journal into blocks: " + e);
        }
    }

    /** The stored form of {@code sample}: start and response time truncated to microseconds, texts cleaned. */
    static StoredSample stored(Sample sample) {
        return new StoredSample(StoredSample.micros(sample.startedAt()), toMicros(sample.responseTime()),
                outcomeCode(sample.outcome()), storedError(sample),
                ConditionResultsCodec.encode(sample.conditionResults()), PhasesCodec.encode(sample.phases()));
    }

    /** One JDBC batch of single-row inserts (sent as multi-row inserts by pgjdbc), in the caller's transaction. */
    private static void insertBatch(DSLContext tx, List<Sample> samples, Map<MonitorId, Integer> keys) {
        BatchBindStep batch = tx.batch(tx.insertInto(SAMPLE, SAMPLE.STARTED_AT, SAMPLE.RESPONSE_TIME_US,
                        SAMPLE.MONITOR, SAMPLE.OUTCOME, SAMPLE.ERROR, SAMPLE.CONDITION_RESULTS, SAMPLE.PHASES,
                        SAMPLE.LOCATION)
                .values(null, null, (Integer) null, null, null, null, null, null));
        for (Sample sample : samples) {
            batch = batch.bind(
                    toDatabase(sample.startedAt()),
                    toMicros(sample.responseTime()),
                    keys.get(sample.monitorId()),
                    outcomeCode(sample.outcome()),
                    storedError(sample),
                    ConditionResultsCodec.encode(sample.conditionResults()),
                    PhasesCodec.encode(sample.phases()),
                    sample.location().map(Location::value).orElse(null));
        }
        batch.execute();
    }

    /** The error text as stored: cut and cleaned, see the class comment. */
    static String storedError(Sample sample) {
        return sample.error().map(text -> StoredText.storable(text, ERROR_MAX_CHARS)).orElse(null);
    }

    @Override
    public List<Sample> recent(MonitorId monitorId, int limit) {
        Objects.requireNonNull(monitorId, "monitorId");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        Optional<Integer> key = limit == 0 ? Optional.empty() : monitorKeys.find(monitorId);
        if (key.isEmpty()) {
            return List.of();
        }
        return read(monitorId, key.get(), Long.MIN_VALUE, Long.MAX_VALUE, limit, false);
    }

    /**
     * Two queries per {@value #EACH_CHUNK} monitors instead of two or three per monitor: each monitor's newest
     * {@code limit} raw rows ({@link #newestRawRows}) and newest {@code limit} block headers ({@link #newestBlocks}),
     * then merged per monitor as {@link #recent} merges them; only a monitor whose newest samples lie in packed blocks
     * reads their payloads on its own.
     */
    @Override
    public Map<MonitorId, List<Sample>> recentOfEach(Collection<MonitorId> monitorIds, int limit) {
        Objects.requireNonNull(monitorIds, "monitorIds");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        Map<MonitorId, List<Sample>> recent = new LinkedHashMap<>();
        monitorIds.forEach(id -> recent.put(Objects.requireNonNull(id, "monitorId"), List.of()));
        Map<MonitorId, Integer> keys = limit == 0 ? Map.of() : monitorKeys.findAll(recent.keySet());
        if (journal.isEmpty()) {
            recentOfEachLocked(recent, keys, limit);
        } else {
            journal.get().reading(() -> {
                recentOfEachLocked(recent, keys, limit);
                return null;
            });
        }
        return recent;
    }

    /**
     * {@link #recentOfEach} into {@code recent}, while no fold moves samples: per {@value #EACH_CHUNK} monitors one
     * query of raw rows, one of block headers and one of the block payloads each monitor needs (a restart after an
     * hour of data read each monitor's newest block on its own: 1,000 statements, ~2 s of the start).
     */
    private void recentOfEachLocked(Map<MonitorId, List<Sample>> recent, Map<MonitorId, Integer> keys, int limit) {
        List<Integer> all = List.copyOf(new java.util.TreeSet<>(keys.values()));
        Map<Integer, List<StoredSample>> raw = new HashMap<>();
        Map<Integer, List<BlockHeader>> blocks = new HashMap<>();
        for (int from = 0; from < all.size(); from += EACH_CHUNK) {
            List<Integer> chunk = all.subList(from, Math.min(all.size(), from + EACH_CHUNK));
            raw.putAll(newestRawRows(chunk, limit));
            blocks.putAll(newestBlocks(chunk, limit));
        }
        // The journal's newest samples of these monitors (H2: their current hour), each row read and decoded once.
        Map<Integer, List<StoredSample>> journaled = journal.isEmpty() || all.isEmpty() ? Map.of()
                : journal.get().readNewest(new java.util.HashSet<>(all), limit);
        Map<Integer, List<StoredSample>> rowsOf = new HashMap<>();
        Map<Integer, Long> packedFromOf = new HashMap<>();
        Map<Integer, List<Instant>> neededOf = new HashMap<>();
        keys.values().forEach(key -> {
            List<StoredSample> rows = merge(raw.getOrDefault(key, List.of()),
                    journaled.getOrDefault(key, List.of()).reversed(), limit, false);
            // As read() does: packed samples lie before the raw ones, but can interleave with them.
            long packedFrom = rows.size() == limit ? rows.getLast().startedAtMicros() : Long.MIN_VALUE;
            long packedHour = packedFrom == Long.MIN_VALUE ? Long.MIN_VALUE
                    : StoredSample.micros(SampleCompaction.blockStart(StoredSample.instant(packedFrom)));
            List<BlockHeader> headers = blocks.getOrDefault(key, List.of()).stream()
                    .filter(block -> block.lastMicros() >= packedFrom
                            && StoredSample.micros(block.blockStart().toInstant()) >= packedHour)
                    .toList();
            rowsOf.put(key, rows);
            packedFromOf.put(key, packedFrom);
            neededOf.put(key, neededBlocks(headers, packedFrom, Long.MAX_VALUE, limit));
        });
        Map<Integer, Map<Instant, byte[]>> payloads = new HashMap<>();
        for (int from = 0; from < all.size(); from += EACH_CHUNK) {
            List<org.jooq.Row2<Integer, OffsetDateTime>> wanted = new ArrayList<>();
            for (Integer key : all.subList(from, Math.min(all.size(), from + EACH_CHUNK))) {
                neededOf.getOrDefault(key, List.of()).forEach(start -> wanted.add(DSL.row(key, toDatabase(start))));
            }
            if (!wanted.isEmpty()) {
                dsl.select(SAMPLE_BLOCK.MONITOR, SAMPLE_BLOCK.BLOCK_START, SAMPLE_BLOCK.PAYLOAD)
                        .from(SAMPLE_BLOCK)
                        .where(DSL.row(SAMPLE_BLOCK.MONITOR, SAMPLE_BLOCK.BLOCK_START).in(wanted))
                        .forEach(row -> payloads.computeIfAbsent(row.value1(), k -> new HashMap<>())
                                .put(row.value2().toInstant(), row.value3()));
            }
        }
        keys.forEach((id, key) -> recent.put(id, merge(rowsOf.get(key), packedOf(neededOf.get(key),
                payloads.getOrDefault(key, Map.of()), packedFromOf.get(key), Long.MAX_VALUE, limit, false), limit,
                false).stream().map(stored -> sample(id, stored)).collect(Collectors.toCollection(ArrayList::new))));
    }

    /**
     * The newest {@code limit} raw rows of each monitor of {@code keys}, newest first, in one query: a derived table
     * gives each monitor the start of its {@code limit}-th newest row (one index probe each), and the join reads the
     * index from there on. Rows sharing that start can make a few more: they are cut.
     */
    private Map<Integer, List<StoredSample>> newestRawRows(List<Integer> keys, int limit) {
        dev.upwatch.persistence.schema.tables.Sample nth = SAMPLE.as("nth");
        dev.upwatch.persistence.schema.tables.Sample row = SAMPLE.as("row");
        Table<Record2<Integer, OffsetDateTime>> bounds = nthNewest(nth.MONITOR, nth.STARTED_AT, keys, limit);
        Field<Integer> monitor = bounds.field(0, Integer.class);
        Field<OffsetDateTime> boundary = bounds.field(1, OffsetDateTime.class);
        Map<Integer, List<StoredSample>> rows = new HashMap<>();
        dsl.select(row.MONITOR, row.STARTED_AT, row.RESPONSE_TIME_US, row.OUTCOME, row.ERROR, row.CONDITION_RESULTS,
                        row.PHASES)
                .from(bounds)
                .join(row).on(row.MONITOR.eq(monitor).and(boundary.isNull().or(row.STARTED_AT.ge(boundary))))
                .orderBy(row.MONITOR, row.STARTED_AT.desc())
                .forEach(r -> {
                    List<StoredSample> of = rows.computeIfAbsent(r.value1(), k -> new ArrayList<>(limit));
                    if (of.size() < limit) {
                        of.add(new StoredSample(StoredSample.micros(r.value2().toInstant()), r.value3(), r.value4(),
                                r.value5(), r.value6(), r.value7()));
                    }
                });
        return rows;
    }

    /**
     * The newest {@code limit} block headers of each monitor of {@code keys}, newest first, in one query (as
     * {@link #newestRawRows}): enough for its newest {@code limit} packed samples, as every block holds at least one
     * ({@code sample_block_count_ck}).
     */
    private Map<Integer, List<BlockHeader>> newestBlocks(List<Integer> keys, int limit) {
        dev.upwatch.persistence.schema.tables.SampleBlock nth = SAMPLE_BLOCK.as("nth");
        dev.upwatch.persistence.schema.tables.SampleBlock block = SAMPLE_BLOCK.as("block");
        Table<Record2<Integer, OffsetDateTime>> bounds = nthNewest(nth.MONITOR, nth.BLOCK_START, keys, limit);
        Field<Integer> monitor = bounds.field(0, Integer.class);
        Field<OffsetDateTime> boundary = bounds.field(1, OffsetDateTime.class);
        Map<Integer, List<BlockHeader>> headers = new HashMap<>();
        dsl.select(block.MONITOR, block.BLOCK_START, block.FIRST_STARTED_AT, block.LAST_STARTED_AT, block.SAMPLE_COUNT)
                .from(bounds)
                .join(block).on(block.MONITOR.eq(monitor)
                        .and(boundary.isNull().or(block.BLOCK_START.ge(boundary))))
                .orderBy(block.MONITOR, block.BLOCK_START.desc())
                .forEach(r -> headers.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(BlockHeader.of(r.value2(), r.value3(), r.value4(), r.value5())));
        return headers;
    }

    /**
     * A derived table of each monitor of {@code keys} and the {@code start} of its {@code limit}-th newest row in the
     * table of {@code monitor} (null when it has fewer), found by one probe of the (monitor, start) index each.
     */
    private static Table<Record2<Integer, OffsetDateTime>> nthNewest(Field<Integer> monitor,
                                                                     Field<OffsetDateTime> start, List<Integer> keys,
                                                                     int limit) {
        Table<?> table = ((org.jooq.TableField<?, ?>) monitor).getTable();
        Field<OffsetDateTime> since = DSL.field(DSL.select(start).from(table)
                .where(monitor.eq(MONITOR.ID))
                .orderBy(start.desc())
                .offset(limit - 1)
                .limit(1)).as("since");
        return DSL.select(MONITOR.ID, since).from(MONITOR).where(MONITOR.ID.in(keys)).asTable("bounds");
    }

    @Override
    public List<Sample> between(MonitorId monitorId, Instant from, Instant to, int limit) {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        Optional<Integer> key = limit == 0 ? Optional.empty() : monitorKeys.find(monitorId);
        if (key.isEmpty()) {
            return List.of();
        }
        return read(monitorId, key.get(), storedMicros(from), storedMicros(to), limit, true);
    }

    /** Raw rows only: packed days keep no location. */
    @Override
    public List<Sample> between(MonitorId monitorId, Location location, Instant from, Instant to, int limit) {
        Objects.requireNonNull(location, "location");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        Optional<Integer> key = limit == 0 ? Optional.empty() : monitorKeys.find(monitorId);
        if (key.isEmpty()) {
            return List.of();
        }
        return rawRows(key.get(), SAMPLE.LOCATION.eq(location.value()), storedMicros(from), storedMicros(to), limit,
                true).stream().map(stored -> sample(monitorId, stored)).toList();
    }

    /**
     * The samples of monitor {@code key} that started in {@code [fromMicros, toMicros)}, oldest or newest first, at
     * most {@code limit}: the first {@code limit} raw rows and the first {@code limit} packed samples, merged.
     */
    private List<Sample> read(MonitorId monitorId, int key, long fromMicros, long toMicros, int limit,
                              boolean ascending) {
        return journal.isEmpty() ? readLocked(monitorId, key, fromMicros, toMicros, limit, ascending)
                : journal.get().reading(() -> readLocked(monitorId, key, fromMicros, toMicros, limit, ascending));
    }

    /**
     * {@link #read}, while no fold moves samples: the raw rows and the journal's samples (the recent ones, merged as
     * one list) and the packed blocks before them.
     */
    private List<Sample> readLocked(MonitorId monitorId, int key, long fromMicros, long toMicros, int limit,
                                    boolean ascending) {
        List<StoredSample> raw = rawRows(key, org.jooq.impl.DSL.noCondition(), fromMicros, toMicros, limit, ascending);
        if (journal.isPresent()) {
            List<StoredSample> journaled = journal.get().read(key, fromMicros, toMicros);
            raw = merge(raw, ascending ? journaled : journaled.reversed(), limit, ascending);
        }
        // Packed samples lie before the raw ones, but late writes and not yet dropped days can interleave: read the
        // blocks that could hold one of the first `limit` samples, i.e. those not beyond the raw rows' last one.
        long packedFrom = fromMicros;
        long packedTo = toMicros;
        if (raw.size() == limit) {
            long last = raw.getLast().startedAtMicros();
            if (ascending) {
                packedTo = last + 1;
            } else {
                packedFrom = last;
            }
        }
        List<StoredSample> packed = packedRows(key, packedFrom, packedTo, limit, ascending);
        return merge(raw, packed, limit, ascending).stream().map(stored -> sample(monitorId, stored))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /** The first {@code limit} of two lists in start order ({@code first}'s sample first on equal starts). */
    private static List<StoredSample> merge(List<StoredSample> first, List<StoredSample> second, int limit,
                                            boolean ascending) {
        if (second.isEmpty()) {
            return first;
        }
        List<StoredSample> merged = new ArrayList<>(Math.min(limit, first.size() + second.size()));
        int a = 0;
        int b = 0;
        while (merged.size() < limit && (a < first.size() || b < second.size())) {
            boolean takeFirst = b >= second.size() || (a < first.size() && (ascending
                    ? first.get(a).startedAtMicros() <= second.get(b).startedAtMicros()
                    : first.get(a).startedAtMicros() >= second.get(b).startedAtMicros()));
            merged.add(takeFirst ? first.get(a++) : second.get(b++));
        }
        return merged;
    }

    /**
     * Raw rows of monitor {@code key} in {@code [fromMicros, toMicros)} that meet {@code also}, in start order, at most
     * {@code limit}.
     */
    private List<StoredSample> rawRows(int key, Condition also, long fromMicros, long toMicros, int limit,
                                       boolean ascending) {
        Condition where = SAMPLE.MONITOR.eq(key).and(also);
        if (fromMicros != Long.MIN_VALUE) {
            where = where.and(SAMPLE.STARTED_AT.ge(toDatabase(StoredSample.instant(fromMicros))));
        }
        if (toMicros != Long.MAX_VALUE) {
            where = where.and(SAMPLE.STARTED_AT.lt(toDatabase(StoredSample.instant(toMicros))));
        }
        return dsl.select(SAMPLE.STARTED_AT, SAMPLE.RESPONSE_TIME_US, SAMPLE.OUTCOME, SAMPLE.ERROR,
                        SAMPLE.CONDITION_RESULTS, SAMPLE.PHASES, SAMPLE.LOCATION)
                .from(SAMPLE)
                .where(where)
                .orderBy(ascending ? SAMPLE.STARTED_AT.asc() : SAMPLE.STARTED_AT.desc())
                .limit(limit)
                .fetch(mapping((startedAt, micros, outcome, error, conditions, phases, location) -> new StoredSample(
                        StoredSample.micros(startedAt.toInstant()), micros, outcome, error, conditions, phases,
                        location)));
    }

    /**
     * Packed samples of monitor {@code key} in {@code [fromMicros, toMicros)}, in start order, at most
     * {@code limit}. Reads the blocks' bounds first and then the payloads of only the blocks needed: blocks are
     * disjoint hours, so once whole blocks in the range hold {@code limit} samples, later ones cannot contribute.
     */
    private List<StoredSample> packedRows(int key, long fromMicros, long toMicros, int limit, boolean ascending) {
        Condition where = SAMPLE_BLOCK.MONITOR.eq(key);
        if (fromMicros != Long.MIN_VALUE) {
            where = where.and(SAMPLE_BLOCK.LAST_STARTED_AT.ge(toDatabase(StoredSample.instant(fromMicros))))
                    .and(SAMPLE_BLOCK.BLOCK_START.ge(toDatabase(SampleCompaction.blockStart(
                            StoredSample.instant(fromMicros)))));
        }
        if (toMicros != Long.MAX_VALUE) {
            where = where.and(SAMPLE_BLOCK.FIRST_STARTED_AT.lt(toDatabase(StoredSample.instant(toMicros))));
        }
        List<BlockHeader> headers = dsl.select(SAMPLE_BLOCK.BLOCK_START, SAMPLE_BLOCK.FIRST_STARTED_AT,
                        SAMPLE_BLOCK.LAST_STARTED_AT, SAMPLE_BLOCK.SAMPLE_COUNT)
                .from(SAMPLE_BLOCK)
                .where(where)
                .orderBy(ascending ? SAMPLE_BLOCK.BLOCK_START.asc() : SAMPLE_BLOCK.BLOCK_START.desc())
                .fetch(mapping(BlockHeader::of));
        return packedSamples(key, headers, fromMicros, toMicros, limit, ascending);
    }

    /** A {@code sample_block} row without its payload. */
    private record BlockHeader(OffsetDateTime blockStart, long firstMicros, long lastMicros, int count) {
        static BlockHeader of(OffsetDateTime blockStart, OffsetDateTime first, OffsetDateTime last, Integer count) {
            return new BlockHeader(blockStart, StoredSample.micros(first.toInstant()),
                    StoredSample.micros(last.toInstant()), count);
        }
    }

    /**
     * The packed samples in {@code [fromMicros, toMicros)} of the blocks of monitor {@code key} whose {@code headers}
     * (those that reach into the range, in start order) are given, at most {@code limit}: reads the payloads of only
     * the blocks needed.
     */
    private List<StoredSample> packedSamples(int key, List<BlockHeader> headers, long fromMicros, long toMicros,
                                             int limit, boolean ascending) {
        List<Instant> needed = neededBlocks(headers, fromMicros, toMicros, limit);
        if (needed.isEmpty()) {
            return List.of();
        }
        Map<Instant, byte[]> payloads = new HashMap<>();
        dsl.select(SAMPLE_BLOCK.BLOCK_START, SAMPLE_BLOCK.PAYLOAD)
                .from(SAMPLE_BLOCK)
                .where(SAMPLE_BLOCK.MONITOR.eq(key)
                        .and(SAMPLE_BLOCK.BLOCK_START.in(needed.stream().map(JooqSampleStore::toDatabase).toList())))
                .forEach(block -> payloads.put(block.value1().toInstant(), block.value2()));
        return packedOf(needed, payloads, fromMicros, toMicros, limit, ascending);
    }

    /**
     * The starts of the blocks, of those whose {@code headers} are given (in reading order), that can hold one of the
     * first {@code limit} samples in {@code [fromMicros, toMicros)}: blocks are disjoint hours, so once whole blocks in
     * the range hold {@code limit} samples, later ones cannot contribute.
     */
    private static List<Instant> neededBlocks(List<BlockHeader> headers, long fromMicros, long toMicros, int limit) {
        List<Instant> needed = new ArrayList<>();
        long whole = 0;
        for (BlockHeader block : headers) {
            if (whole >= limit) {
                break;
            }
            needed.add(block.blockStart().toInstant());
            if (block.firstMicros() >= fromMicros && block.lastMicros() < toMicros) {
                whole += block.count();
            }
        }
        return needed;
    }

    /** The samples in {@code [fromMicros, toMicros)} of the {@code needed} blocks' {@code payloads}, at most {@code limit}. */
    private static List<StoredSample> packedOf(List<Instant> needed, Map<Instant, byte[]> payloads, long fromMicros,
                                               long toMicros, int limit, boolean ascending) {
        List<StoredSample> samples = new ArrayList<>();
        for (Instant blockStart : needed) {
            byte[] payload = payloads.get(blockStart);
            if (payload == null) {
                continue; // dropped by retention between the two statements
            }
            List<StoredSample> block = SampleBlockCodec.decode(StoredSample.micros(blockStart), payload);
            for (StoredSample sample : ascending ? block : block.reversed()) {
                if (sample.startedAtMicros() >= fromMicros && sample.startedAtMicros() < toMicros) {
                    samples.add(sample);
                    if (samples.size() == limit) {
                        return samples;
                    }
                }
            }
        }
        return samples;
    }

    /**
     * Streams from two cursors inside one read transaction — the raw rows in start order ({@value #STREAM_FETCH} per
     * fetch) and the packed blocks in hour order ({@value #BLOCK_FETCH} per fetch, each decoded when reached) —
     * merged by start as {@link #between} merges them, so memory holds one fetch of each and one decoded hour.
     */
    @Override
    public long forEachBetween(MonitorId monitorId, Instant from, Instant to, Consumer<Sample> sink) {
        Objects.requireNonNull(sink, "sink");
        Optional<Integer> found = monitorKeys.find(monitorId);
        if (found.isEmpty() || !from.isBefore(to)) {
            return 0;
        }
        int key = found.get();
        long fromMicros = storedMicros(from);
        long toMicros = storedMicros(to);
        if (journal.isPresent()) {
            return journal.get().reading(() -> stream(monitorId, key, from, to, fromMicros, toMicros, sink));
        }
        return stream(monitorId, key, from, to, fromMicros, toMicros, sink);
    }

    /** {@link #forEachBetween}, while no fold moves samples. */
    private long stream(MonitorId monitorId, int key, Instant from, Instant to, long fromMicros, long toMicros,
                        Consumer<Sample> sink) {
        List<StoredSample> journaled = journal.map(j -> j.read(key, fromMicros, toMicros)).orElse(List.of());
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            var rawQuery = tx.select(SAMPLE.STARTED_AT, SAMPLE.RESPONSE_TIME_US, SAMPLE.OUTCOME, SAMPLE.ERROR,
                            SAMPLE.CONDITION_RESULTS, SAMPLE.PHASES)
                    .from(SAMPLE)
                    .where(SAMPLE.MONITOR.eq(key).and(SAMPLE.STARTED_AT.ge(toDatabase(from)))
                            .and(SAMPLE.STARTED_AT.lt(toDatabase(to))))
                    .orderBy(SAMPLE.STARTED_AT)
                    .fetchSize(STREAM_FETCH);
            var blockQuery = tx.select(SAMPLE_BLOCK.BLOCK_START, SAMPLE_BLOCK.PAYLOAD)
                    .from(SAMPLE_BLOCK)
                    .where(SAMPLE_BLOCK.MONITOR.eq(key)
                            .and(SAMPLE_BLOCK.BLOCK_START.ge(toDatabase(SampleCompaction.blockStart(from))))
                            .and(SAMPLE_BLOCK.LAST_STARTED_AT.ge(toDatabase(from)))
                            .and(SAMPLE_BLOCK.FIRST_STARTED_AT.lt(toDatabase(to))))
                    .orderBy(SAMPLE_BLOCK.BLOCK_START)
                    .fetchSize(BLOCK_FETCH);
            long handed = 0;
            try (var rawCursor = rawQuery.fetchLazy(); var blockCursor = blockQuery.fetchLazy()) {
                java.util.Iterator<StoredSample> rawRows = new java.util.Iterator<>() {
                    private final java.util.Iterator<org.jooq.Record6<OffsetDateTime, Long, Short, String, String, byte[]>> rows =
                            rawCursor.iterator();

                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public StoredSample next() {
                        var row = rows.next();
                        return new StoredSample(StoredSample.micros(row.value1().toInstant()), row.value2(),
                                row.value3(), row.value4(), row.value5(), row.value6());
                    }
                };
                java.util.Iterator<StoredSample> packed = new java.util.Iterator<>() {
                    private final java.util.Iterator<org.jooq.Record2<OffsetDateTime, byte[]>> blocks =
                            blockCursor.iterator();
                    private java.util.Iterator<StoredSample> current = java.util.Collections.emptyIterator();
                    private StoredSample next = advance();

                    private StoredSample advance() {
                        while (true) {
                            while (current.hasNext()) {
                                StoredSample sample = current.next();
                                if (sample.startedAtMicros() >= fromMicros && sample.startedAtMicros() < toMicros) {
                                    return sample;
                                }
                            }
                            if (!blocks.hasNext()) {
                                return null;
                            }
                            var block = blocks.next();
                            current = SampleBlockCodec.decode(StoredSample.micros(block.value1().toInstant()),
                                    block.value2()).iterator();
                        }
                    }

                    @Override
                    public boolean hasNext() {
                        return next != null;
                    }

                    @Override
                    public StoredSample next() {
                        StoredSample sample = next;
                        next = advance();
                        return sample;
                    }
                };
                // The journal's samples of this monitor (its current hour, in memory) merged into the raw rows.
                java.util.Iterator<StoredSample> raw = merged(rawRows, journaled.iterator());
                StoredSample r = raw.hasNext() ? raw.next() : null;
                StoredSample p = packed.hasNext() ? packed.next() : null;
                while (r != null || p != null) {
                    boolean takeRaw = p == null || (r != null && r.startedAtMicros() <= p.startedAtMicros());
                    sink.accept(sample(monitorId, takeRaw ? r : p));
                    handed++;
                    if (takeRaw) {
                        r = raw.hasNext() ? raw.next() : null;
                    } else {
                        p = packed.hasNext() ? packed.next() : null;
                    }
                }
            }
            return handed;
        });
    }

    /** Two iterators in start order as one ({@code first}'s sample first on equal starts). */
    private static java.util.Iterator<StoredSample> merged(java.util.Iterator<StoredSample> first,
                                                           java.util.Iterator<StoredSample> second) {
        if (!second.hasNext()) {
            return first;
        }
        return new java.util.Iterator<>() {
            private StoredSample a = first.hasNext() ? first.next() : null;
            private StoredSample b = second.next();

            @Override
            public boolean hasNext() {
                return a != null || b != null;
            }

            @Override
            public StoredSample next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                StoredSample next;
                if (b == null || (a != null && a.startedAtMicros() <= b.startedAtMicros())) {
                    next = a;
                    a = first.hasNext() ? first.next() : null;
                } else {
                    next = b;
                    b = second.hasNext() ? second.next() : null;
                }
                return next;
            }
        };
    }

    /** The domain sample of a stored one. */
    private static Sample sample(MonitorId monitorId, StoredSample stored) {
        return new Sample(
                monitorId,
                StoredSample.instant(stored.startedAtMicros()),
                Duration.of(stored.responseTimeUs(), ChronoUnit.MICROS),
                outcome(stored.outcome()),
                Optional.ofNullable(stored.error()),
                ConditionResultsCodec.decode(stored.conditionResults()),
                Optional.empty(),
                PhasesCodec.decode(stored.phases()),
                Optional.ofNullable(stored.location()).map(Location::of));
    }

    /**
     * Microseconds since the epoch of the instant as stored (truncated); instants beyond ±292,000 years saturate to
     * the unbounded ends.
     */
    private static long storedMicros(Instant instant) {
        try {
            return StoredSample.micros(instant.truncatedTo(ChronoUnit.MICROS));
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The instant as stored: truncated to microseconds, at UTC. */
    static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** Whole microseconds, truncated; saturates at {@code Long.MAX_VALUE} for absurdly long durations. */
    static long toMicros(Duration duration) {
        return TimeUnit.MICROSECONDS.convert(duration);
    }

    /** The stored code of each outcome: fixed, unlike {@link Enum#ordinal()}, which reordering would change. */
    static short outcomeCode(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> SUCCESS_CODE;
            case FAILURE -> FAILURE_CODE;
            case ERROR -> ERROR_CODE;
            case BLOCKED -> BLOCKED_CODE;
        };
    }

    static Outcome outcome(short code) {
        return switch (code) {
            case SUCCESS_CODE -> Outcome.SUCCESS;
            case FAILURE_CODE -> Outcome.FAILURE;
            case ERROR_CODE -> Outcome.ERROR;
            case BLOCKED_CODE -> Outcome.BLOCKED;
            default -> throw new IllegalStateException("unknown outcome code in the sample table: " + code);
        };
    }
}
