package dev.upwatch.persistence;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupMark;
import dev.upwatch.core.model.RollupRange;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.RollupTotal;
import dev.upwatch.core.port.RollupStore;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep12;
import org.jooq.InsertValuesStep5;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record6;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.upwatch.persistence.schema.Tables.MONITOR;
import static dev.upwatch.persistence.schema.Tables.ROLLUP;
import static dev.upwatch.persistence.schema.Tables.ROLLUP_MARK;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

/**
 * {@link RollupStore} on the {@code rollup} table (one row per bucket: its counts and its latency histogram, see
 * {@link RollupHistogramText}), for PostgreSQL and H2 alike.
 *
 * <p>{@link #add(List, Collection)} writes each monitor's {@link RollupMark} (table {@code rollup_mark}) in the same
 * transaction as the rollups, so the marks always say which checks the rollups hold.
 *
 * <p>{@link #add} adds each delta to its stored bucket: the stored rows of the batch's buckets are read locked
 * ({@code select … for update}, one key range per tier and start, as the primary key leads with the time), summed
 * with the deltas by {@link Rollup#plus} and written back, and new buckets inserted. So retried flushes and two
 * flushes of one bucket add up; a concurrent insert of a new bucket fails the transaction, which the caller retries.
 */
final class JooqRollupStore implements RollupStore {
    /** Rows per insert statement: far below every driver's bind parameter limit. */
    private static final int CHUNK = 500;
    /** Rows per fetch when streaming an export: enough to amortise round trips, small enough to hold. */
    static final int STREAM_FETCH = 5_000;

    private static final Field<Long> CHECKS = DSL.field(DSL.name("checks"), SQLDataType.BIGINT);
    private static final Field<Long> FAILURES = DSL.field(DSL.name("failures"), SQLDataType.BIGINT);
    private static final Field<Long> ERRORS = DSL.field(DSL.name("errors"), SQLDataType.BIGINT);
    private static final Field<Long> MAINTENANCE = DSL.field(DSL.name("maintenance"), SQLDataType.BIGINT);

    private final DSLContext dsl;
    private final Vendor vendor;
    private final MonitorKeys monitorKeys;
    private final EmbeddedWrites writes;

    JooqRollupStore(DSLContext dsl, Vendor vendor, EmbeddedWrites writes) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.monitorKeys = new MonitorKeys(dsl);
    }

    @Override
    public void add(List<Rollup> rollups) {
        add(rollups, List.of());
    }

    @Override
    public void add(List<Rollup> rollups, Collection<RollupMark> marks) {
        Objects.requireNonNull(rollups, "rollups");
        Objects.requireNonNull(marks, "marks");
        if (rollups.isEmpty() && marks.isEmpty()) {
            return;
        }
        // One delta per bucket, grouped by tier and start: the rows of one group are neighbours in the primary key.
        Map<BucketStart, Map<MonitorId, Rollup>> byStart = new TreeMap<>();
        for (Rollup rollup : rollups) {
            byStart.computeIfAbsent(new BucketStart(tierCode(rollup.tier()), rollup.start()), start -> new HashMap<>())
                    .merge(rollup.monitorId(), rollup, Rollup::plus);
        }
        Set<MonitorId> ids = new HashSet<>();
        byStart.values().forEach(group -> ids.addAll(group.keySet()));
        marks.forEach(mark -> ids.add(mark.monitorId()));
        Map<MonitorId, Integer> keys = monitorKeys.resolve(ids);
        // The newest mark of each monitor: one row per key.
        Map<Integer, Object[]> markRows = new TreeMap<>();
        for (RollupMark mark : marks) {
            Integer key = keys.get(mark.monitorId());
            Object[] row = {key, toDatabase(mark.through()), mark.status().wireName()};
            markRows.merge(key, row, (a, b) -> ((OffsetDateTime) a[1]).isAfter((OffsetDateTime) b[1]) ? a : b);
        }
        List<Object[]> markList = List.copyOf(markRows.values());
        // The buckets, their histograms and the marks in one transaction: a reader, and a restart after a crash,
        // sees all of this write or none of it, and a bucket's counts and histogram are one row.
        // On H2 the write and its checkpoint (one file chunk per write: the recorder writes ~100 monitors at a time) run
        // apart from the sample writer's checkpoints, which would otherwise write the open transaction's pages too.
        writes.apart(() -> {
            dsl.transaction(configuration -> write(configuration.dsl(), byStart, keys, markList));
            vendor.flushCommits(dsl);
        });
    }

    /** The write of {@link #add(List, Collection)}, in its transaction {@code tx}. */
    private void write(DSLContext tx, Map<BucketStart, Map<MonitorId, Rollup>> byStart, Map<MonitorId, Integer> keys,
                       List<Object[]> markList) {
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        byStart.forEach((start, group) -> {
            Map<Integer, Rollup> byKey = new TreeMap<>();
            group.forEach((id, rollup) -> byKey.put(keys.get(id), rollup));
            Map<Integer, Rollup> stored = storedForUpdate(tx, vendor, start, byKey);
            byKey.forEach((key, delta) -> {
                Rollup before = stored.get(key);
                if (before == null) {
                    inserts.add(row(key, start, delta));
                } else {
                    Object[] row = row(key, start, before.plus(delta));
                    // update …: the counts and the histogram, then the key (tier, bucket_start, monitor).
                    updates.add(new Object[] {row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                            row[11], row[12], row[1], row[2], row[0]});
                }
            });
        });
        if (!updates.isEmpty()) {
            BatchBindStep batch = tx.batch(updateRollup(tx));
            for (Object[] row : updates) {
                batch = batch.bind(row);
            }
            batch.execute();
        }
        // A concurrent insert of the same bucket (another node) fails the transaction; the caller keeps the deltas
        // and retries, and then finds the row.
        for (int from = 0; from < inserts.size(); from += CHUNK) {
            insertRollups(tx, inserts.subList(from, Math.min(inserts.size(), from + CHUNK))).execute();
        }
        if (vendor == Vendor.POSTGRESQL) {
            for (int from = 0; from < markList.size(); from += CHUNK) {
                upsertMarks(tx, markList.subList(from, Math.min(markList.size(), from + CHUNK))).execute();
            }
        } else {
            // H2 runs jOOQ's emulating MERGE … USING on a secondary index: an UPDATE by key, then INSERTs.
            addByKey(tx, UPDATE_MARK, markList, row -> new Object[] {row[1], row[2], row[0]}, ROLLUP_MARK);
        }
    }

    /** A bucket's tier code and start: the leading columns of the primary key, in its order. */
    private record BucketStart(short tier, Instant start) implements Comparable<BucketStart> {
        @Override
        public int compareTo(BucketStart other) {
            int byTier = Short.compare(tier, other.tier);
            return byTier != 0 ? byTier : start.compareTo(other.start);
        }
    }

    /** Above this many monitors a group reads its whole bucket (one key range) instead of an IN list. */
    private static final int IN_LIST_MAX = 500;

    /**
     * The stored rows of {@code start}'s bucket for the monitors of {@code deltas}, by monitor key, each as a rollup of
     * the delta's monitor; on PostgreSQL locked until the transaction ends ({@code for update}: several nodes may
     * add to one bucket). H2 is one process's store whose one recorder flushes at a time, and its MVStore would write
     * each locked row once more (a lock is a write there), so it reads them unlocked.
     */
    private static Map<Integer, Rollup> storedForUpdate(DSLContext tx, Vendor vendor, BucketStart start,
                                                        Map<Integer, Rollup> deltas) {
        Condition where = ROLLUP.TIER.eq(start.tier()).and(ROLLUP.BUCKET_START.eq(toDatabase(start.start())));
        if (deltas.size() <= IN_LIST_MAX) {
            where = where.and(ROLLUP.MONITOR.in(deltas.keySet()));
        }
        Map<Integer, Rollup> stored = new HashMap<>();
        var select = tx.selectFrom(ROLLUP).where(where);
        for (var r : (vendor == Vendor.POSTGRESQL ? select.forUpdate() : select).fetch()) {
            Rollup delta = deltas.get(r.getMonitor());
            if (delta != null) {
                stored.put(r.getMonitor(), new Rollup(delta.monitorId(), delta.tier(), delta.start(), r.getChecks(),
                        r.getFailures(), r.getErrors(), r.getMaintenance(), r.getDegraded(), r.getDownMs(),
                        r.getResponseMinUs(), r.getResponseMaxUs(), r.getResponseSumUs(),
                        RollupHistogramText.decode(r.getLatency())));
            }
        }
        return stored;
    }

    /** The columns of {@code rollup} in table order: key, tier, start, the counts, the histogram. */
    private static Object[] row(Integer key, BucketStart start, Rollup r) {
        return new Object[] {key, start.tier(), toDatabase(start.start()), r.checks(), r.failures(), r.errors(),
                r.maintenance(), r.degraded(), r.downMillis(), r.responseMinMicros(), r.responseMaxMicros(),
                r.responseSumMicros(), RollupHistogramText.encode(r.histogram())};
    }

    /** The update of one stored bucket: its counts and histogram, then its key (tier, start, monitor) bound. */
    private static Query updateRollup(DSLContext tx) {
        return tx.update(ROLLUP)
                .set(ROLLUP.CHECKS, (Long) null).set(ROLLUP.FAILURES, (Long) null).set(ROLLUP.ERRORS, (Long) null)
                .set(ROLLUP.MAINTENANCE, (Long) null).set(ROLLUP.DEGRADED, (Long) null).set(ROLLUP.DOWN_MS, (Long) null)
                .set(ROLLUP.RESPONSE_MIN_US, (Long) null).set(ROLLUP.RESPONSE_MAX_US, (Long) null)
                .set(ROLLUP.RESPONSE_SUM_US, (Long) null).set(ROLLUP.LATENCY, (String) null)
                .where(ROLLUP.TIER.eq((Short) null)).and(ROLLUP.BUCKET_START.eq((OffsetDateTime) null))
                .and(ROLLUP.MONITOR.eq((Integer) null));
    }

    private static final String UPDATE_MARK = "update rollup_mark set checked_through = ?, status = ? where monitor = ?";

    /** Replaces the marks of {@code rows} (monitor key, checked through, status code). */
    private static Query upsertMarks(DSLContext tx, List<Object[]> rows) {
        var insert = tx.insertInto(ROLLUP_MARK, ROLLUP_MARK.MONITOR, ROLLUP_MARK.CHECKED_THROUGH, ROLLUP_MARK.STATUS);
        for (Object[] row : rows) {
            insert = insert.values((Integer) row[0], (OffsetDateTime) row[1], (String) row[2]);
        }
        return insert.onConflict(ROLLUP_MARK.MONITOR).doUpdate()
                .set(ROLLUP_MARK.CHECKED_THROUGH, excluded(ROLLUP_MARK.CHECKED_THROUGH))
                .set(ROLLUP_MARK.STATUS, excluded(ROLLUP_MARK.STATUS));
    }

    @Override
    public Map<MonitorId, RollupMark> marks() {
        Map<Integer, String> names = monitorNames();
        Map<MonitorId, RollupMark> marks = new HashMap<>();
        dsl.select(ROLLUP_MARK.MONITOR, ROLLUP_MARK.CHECKED_THROUGH, ROLLUP_MARK.STATUS).from(ROLLUP_MARK)
                .forEach(row -> {
                    MonitorId id = MonitorId.of(names.get(row.value1()));
                    Status status = Arrays.stream(Status.values()).filter(s -> s.wireName().equals(row.value3()))
                            .findFirst().orElseThrow(() -> new IllegalStateException(
                                    "unknown status in the rollup_mark table: " + row.value3()));
                    marks.put(id, new RollupMark(id, row.value2().toInstant(), status));
                });
        return marks;
    }

    /** Updates each row by its key, then inserts those that matched no stored row (the columns in table order). */
    private static void addByKey(DSLContext tx, String update, List<Object[]> rows,
                                 Function<Object[], Object[]> updateBinds, Table<?> table) {
        if (rows.isEmpty()) {
            return;
        }
        BatchBindStep updates = tx.batch(update);
        for (Object[] row : rows) {
            updates = updates.bind(updateBinds.apply(row));
        }
        int[] updated = updates.execute();
        List<Object[]> missing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (updated[i] == 0) {
                missing.add(rows.get(i));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<Field<?>> columns = List.of(table.fields()).subList(0, rows.getFirst().length);
        BatchBindStep inserts = tx.batch(tx.insertInto(table).columns(columns)
                .values(Collections.nCopies(columns.size(), null)));
        for (Object[] row : missing) {
            inserts = inserts.bind(row);
        }
        inserts.execute();
    }

    /** One multi-row insert of new buckets ({@link #row} each). */
    private static Query insertRollups(DSLContext tx, List<Object[]> rows) {
        var insert = tx.insertInto(ROLLUP, ROLLUP.MONITOR, ROLLUP.TIER, ROLLUP.BUCKET_START, ROLLUP.CHECKS,
                ROLLUP.FAILURES, ROLLUP.ERRORS, ROLLUP.MAINTENANCE, ROLLUP.DEGRADED, ROLLUP.DOWN_MS,
                ROLLUP.RESPONSE_MIN_US, ROLLUP.RESPONSE_MAX_US, ROLLUP.RESPONSE_SUM_US, ROLLUP.LATENCY);
        for (Object[] r : rows) {
            insert = insert.values((Integer) r[0], (Short) r[1], (OffsetDateTime) r[2], (Long) r[3], (Long) r[4],
                    (Long) r[5], (Long) r[6], (Long) r[7], (Long) r[8], (Long) r[9], (Long) r[10], (Long) r[11],
                    (String) r[12]);
        }
        return insert;
    }

    @Override
    public List<Rollup> series(MonitorId monitorId, RollupTier tier, Instant from, Instant to) {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(tier, "tier");
        if (!from.isBefore(to)) {
            return List.of();
        }
        var key = monitorKeys.find(monitorId);
        if (key.isEmpty()) {
            return List.of();
        }
        Short code = tierCode(tier);
        return dsl.selectFrom(ROLLUP)
                .where(ROLLUP.MONITOR.eq(key.get()).and(ROLLUP.TIER.eq(code))
                        .and(ROLLUP.BUCKET_START.ge(toDatabase(from))).and(ROLLUP.BUCKET_START.lt(toDatabase(to))))
                .orderBy(ROLLUP.BUCKET_START)
                .fetch(r -> rollup(monitorId, tier, r));
    }

    /** The rollup of a stored row, of monitor {@code id}. */
    private static Rollup rollup(MonitorId id, RollupTier tier, dev.upwatch.persistence.schema.tables.records.RollupRecord r) {
        return new Rollup(id, tier, r.getBucketStart().toInstant(), r.getChecks(), r.getFailures(), r.getErrors(),
                r.getMaintenance(), r.getDegraded(), r.getDownMs(), r.getResponseMinUs(), r.getResponseMaxUs(),
                r.getResponseSumUs(), RollupHistogramText.decode(r.getLatency()));
    }

    @Override
    public Map<MonitorId, CheckCounts> counts(List<RollupRange> ranges) {
        return countsPerWindow(List.of(ranges)).getFirst();
    }

    /**
     * Every window in one statement that reads each bucket once: the ranges of all windows are cut at every range
     * end into disjoint segments, each segment is summed per monitor ({@code UNION ALL}), and each window adds up
     * the segments it covers. (One filtered sum per window over the union of the ranges took seconds for 1,000
     * monitors on PostgreSQL: every row evaluated every window's conditions.) On H2, see
     * {@link #countsPerWindowFiltered}.
     */
    /**
     * H2: every window in one scan of the union of the ranges with one filtered sum per window and count; H2 ran
     * the per-segment form (below) about four times slower, PostgreSQL this form about ten times slower.
     */
    private List<Map<MonitorId, CheckCounts>> countsPerWindowFiltered(List<List<RollupRange>> windows) {
        List<Map<MonitorId, CheckCounts>> result = new ArrayList<>(windows.size());
        List<Condition> perWindow = windows.stream().map(JooqRollupStore::within).toList();
        if (windows.isEmpty() || windows.stream().allMatch(List::isEmpty)) {
            windows.forEach(w -> result.add(Map.of()));
            return result;
        }
        List<SelectField<?>> fields = new ArrayList<>();
        fields.add(ROLLUP.MONITOR);
        for (int w = 0; w < windows.size(); w++) {
            Condition in = perWindow.get(w);
            fields.add(filtered(ROLLUP.CHECKS, in, CHECKS, w));
            fields.add(filtered(ROLLUP.FAILURES, in, FAILURES, w));
            fields.add(filtered(ROLLUP.ERRORS, in, ERRORS, w));
            fields.add(filtered(ROLLUP.MAINTENANCE, in, MAINTENANCE, w));
        }
        Table<?> perMonitor = dsl.select(fields)
                .from(ROLLUP)
                .where(DSL.or(perWindow))
                .groupBy(ROLLUP.MONITOR)
                .asTable("per_monitor");
        List<SelectField<?>> outer = new ArrayList<>();
        outer.add(MONITOR.KEY);
        for (int w = 0; w < windows.size(); w++) {
            outer.add(perMonitor.field(name(CHECKS, w)));
            outer.add(perMonitor.field(name(FAILURES, w)));
            outer.add(perMonitor.field(name(ERRORS, w)));
            outer.add(perMonitor.field(name(MAINTENANCE, w)));
        }
        List<Map<MonitorId, CheckCounts>> maps = new ArrayList<>();
        windows.forEach(w -> maps.add(new HashMap<>()));
        for (Record row : dsl.select(outer).from(perMonitor)
                .join(MONITOR).on(MONITOR.ID.eq(perMonitor.field(ROLLUP.MONITOR))).fetch()) {
            MonitorId id = MonitorId.of(row.get(MONITOR.KEY));
            for (int w = 0; w < windows.size(); w++) {
                long checks = value(row, 1 + w * 4);
                long failures = value(row, 2 + w * 4);
                long errors = value(row, 3 + w * 4);
                long maintenance = value(row, 4 + w * 4);
                if (checks > 0) {
                    maps.get(w).put(id, new CheckCounts(checks - failures - errors - maintenance, failures, errors));
                }
            }
        }
        maps.forEach(map -> result.add(Map.copyOf(map)));
        return result;
    }

    @Override
    public List<Map<MonitorId, CheckCounts>> countsPerWindow(List<List<RollupRange>> windows) {
        if (vendor == Vendor.H2) {
            return countsPerWindowFiltered(windows);
        }
        List<RollupRange> segments = segments(windows);
        List<Map<MonitorId, CheckCounts>> result = new ArrayList<>(windows.size());
        if (segments.isEmpty()) {
            windows.forEach(w -> result.add(Map.of()));
            return result;
        }
        org.jooq.Select<Record6<Integer, Integer, Long, Long, Long, Long>> union = null;
        for (int i = 0; i < segments.size(); i++) {
            RollupRange segment = segments.get(i);
            var select = dsl.select(ROLLUP.MONITOR, inline(i).as("segment"), total(ROLLUP.CHECKS, CHECKS),
                            total(ROLLUP.FAILURES, FAILURES), total(ROLLUP.ERRORS, ERRORS),
                            total(ROLLUP.MAINTENANCE, MAINTENANCE))
                    .from(ROLLUP)
                    .where(ROLLUP.TIER.eq(inline(tierCode(segment.tier())))
                            .and(ROLLUP.BUCKET_START.ge(toDatabase(segment.from())))
                            .and(ROLLUP.BUCKET_START.lt(toDatabase(segment.to()))))
                    .groupBy(ROLLUP.MONITOR);
            union = union == null ? select : union.unionAll(select);
        }
        Map<Integer, String> names = monitorNames();
        // Per segment: monitor key → {checks, failures, errors, maintenance}.
        List<Map<Integer, long[]>> perSegment = new ArrayList<>();
        segments.forEach(segment -> perSegment.add(new HashMap<>()));
        for (Record row : union.fetch()) {
            perSegment.get(row.get(1, Integer.class)).put(row.get(0, Integer.class), new long[] {
                    value(row, 2), value(row, 3), value(row, 4), value(row, 5)});
        }
        for (List<RollupRange> window : windows) {
            Map<Integer, long[]> sums = new HashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                if (covers(window, segments.get(i))) {
                    perSegment.get(i).forEach((key, counts) -> {
                        long[] sum = sums.computeIfAbsent(key, k -> new long[4]);
                        for (int c = 0; c < 4; c++) {
                            sum[c] += counts[c];
                        }
                    });
                }
            }
            Map<MonitorId, CheckCounts> counts = new HashMap<>();
            sums.forEach((key, sum) -> {
                if (sum[0] > 0) {
                    counts.put(MonitorId.of(names.get(key)), new CheckCounts(sum[0] - sum[1] - sum[2] - sum[3],
                            sum[1], sum[2]));
                }
            });
            result.add(Map.copyOf(counts));
        }
        return result;
    }

    /** The ranges of all windows cut at every range end, per tier: disjoint, each inside some window's range. */
    private static List<RollupRange> segments(List<List<RollupRange>> windows) {
        List<RollupRange> segments = new ArrayList<>();
        for (RollupTier tier : RollupTier.values()) {
            java.util.TreeSet<Instant> cuts = new java.util.TreeSet<>();
            List<RollupRange> ofTier = windows.stream().flatMap(List::stream).filter(r -> r.tier() == tier).toList();
            ofTier.forEach(range -> {
                cuts.add(range.from());
                cuts.add(range.to());
            });
            Instant previous = null;
            for (Instant cut : cuts) {
                if (previous != null) {
                    RollupRange candidate = new RollupRange(tier, previous, cut);
                    if (ofTier.stream().anyMatch(range -> contains(range, candidate))) {
                        segments.add(candidate);
                    }
                }
                previous = cut;
            }
        }
        return segments;
    }

    private static boolean covers(List<RollupRange> window, RollupRange segment) {
        return window.stream().anyMatch(range -> contains(range, segment));
    }

    private static boolean contains(RollupRange range, RollupRange segment) {
        return range.tier() == segment.tier() && !segment.from().isBefore(range.from())
                && !segment.to().isAfter(range.to());
    }

    private Map<Integer, String> monitorNames() {
        Map<Integer, String> names = new HashMap<>();
        dsl.select(MONITOR.ID, MONITOR.KEY).from(MONITOR).forEach(row -> names.put(row.value1(), row.value2()));
        return names;
    }

    @Override
    public Map<MonitorId, List<DailyCounts>> dailyCounts(LocalDate firstDay, LocalDate lastDay) {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        if (firstDay.isAfter(lastDay)) {
            return Map.of();
        }
        OffsetDateTime from = firstDay.atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime to = lastDay.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        Map<Integer, String> names = monitorNames();
        Map<MonitorId, List<DailyCounts>> days = new HashMap<>();
        dsl.select(ROLLUP.MONITOR, ROLLUP.BUCKET_START, ROLLUP.CHECKS, ROLLUP.FAILURES, ROLLUP.ERRORS, ROLLUP.MAINTENANCE)
                .from(ROLLUP)
                .where(ROLLUP.TIER.eq(tierCode(RollupTier.DAY)).and(ROLLUP.BUCKET_START.ge(from))
                        .and(ROLLUP.BUCKET_START.lt(to)).and(ROLLUP.CHECKS.gt(0L)))
                .orderBy(ROLLUP.MONITOR, ROLLUP.BUCKET_START)
                .forEach(row -> days.computeIfAbsent(MonitorId.of(names.get(row.value1())), id -> new ArrayList<>())
                        .add(new DailyCounts(LocalDate.ofInstant(row.value2().toInstant(), ZoneOffset.UTC),
                                new CheckCounts(row.value3() - row.value4() - row.value5() - row.value6(), row.value4(),
                                        row.value5()))));
        Map<MonitorId, List<DailyCounts>> result = new HashMap<>();
        days.forEach((id, list) -> result.put(id, List.copyOf(list)));
        return Map.copyOf(result);
    }

    /**
     * Sums in the database, range by range: per range one grouped statement over the counts and one over the
     * histograms, each reading its buckets through the time-first indexes ({@code (tier, bucket_start, ...)}); the few
     * per-range sums are then added here. (One statement with the ranges OR-ed made H2 scan both tables: 97 s for
     * 1,000 monitors over a year, see docs/benchmarks.md.) One monitor alone is read through its own index.
     */
    @Override
    public Map<MonitorId, RollupTotal> totals(Collection<MonitorId> monitors, List<RollupRange> ranges) {
        Objects.requireNonNull(monitors, "monitors");
        Objects.requireNonNull(ranges, "ranges");
        Map<Integer, MonitorId> byKey = new HashMap<>();
        for (MonitorId id : monitors) {
            monitorKeys.find(id).ifPresent(key -> byKey.put(key, id));
        }
        Map<MonitorId, RollupTotal> totals = new LinkedHashMap<>();
        monitors.forEach(id -> totals.put(id, RollupTotal.empty(id)));
        if (byKey.isEmpty() || ranges.isEmpty()) {
            return totals;
        }
        Condition oneMonitor = byKey.size() == 1 ? ROLLUP.MONITOR.eq(byKey.keySet().iterator().next()) : DSL.noCondition();
        // Per monitor key: checks, failures, errors, maintenance, degraded, down_ms, min (-1: none), max, sum.
        Map<Integer, long[]> sums = new HashMap<>();
        Map<Integer, TreeMap<Integer, Long>> histograms = new HashMap<>();
        Field<Long> timed = ROLLUP.CHECKS.minus(ROLLUP.ERRORS);
        for (RollupRange range : ranges) {
            // The histograms are text in each row: summed here, from the rows that have one.
            dsl.select(ROLLUP.MONITOR, ROLLUP.LATENCY)
                    .from(ROLLUP)
                    .where(within(List.of(range)).and(oneMonitor).and(ROLLUP.LATENCY.ne(inline(""))))
                    .forEach(row -> {
                        if (byKey.containsKey(row.value1())) {
                            RollupHistogramText.addTo(histograms.computeIfAbsent(row.value1(), key -> new TreeMap<>()),
                                    row.value2());
                        }
                    });
            for (Record row : dsl.select(ROLLUP.MONITOR, total(ROLLUP.CHECKS, CHECKS), total(ROLLUP.FAILURES, FAILURES),
                            total(ROLLUP.ERRORS, ERRORS), total(ROLLUP.MAINTENANCE, MAINTENANCE),
                            sum(ROLLUP.DEGRADED).coerce(SQLDataType.BIGINT), sum(ROLLUP.DOWN_MS).coerce(SQLDataType.BIGINT),
                            DSL.min(when(timed.gt(inline(0L)), ROLLUP.RESPONSE_MIN_US)),
                            DSL.max(ROLLUP.RESPONSE_MAX_US), sum(ROLLUP.RESPONSE_SUM_US).coerce(SQLDataType.BIGINT))
                    .from(ROLLUP)
                    .where(within(List.of(range)).and(oneMonitor))
                    .groupBy(ROLLUP.MONITOR)
                    .fetch()) {
                int key = row.get(0, Integer.class);
                if (!byKey.containsKey(key)) {
                    continue;
                }
                long[] sum = sums.computeIfAbsent(key, k -> new long[] {0, 0, 0, 0, 0, 0, -1, 0, 0});
                for (int i = 0; i < 6; i++) {
                    sum[i] += value(row, 1 + i);
                }
                if (row.get(7) != null) {
                    sum[6] = sum[6] < 0 ? value(row, 7) : Math.min(sum[6], value(row, 7));
                }
                sum[7] = Math.max(sum[7], value(row, 8));
                sum[8] += value(row, 9);
            }
        }
        sums.forEach((key, sum) -> {
            MonitorId id = byKey.get(key);
            totals.put(id, new RollupTotal(id, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], Math.max(0, sum[6]),
                    sum[7], sum[8], histograms.getOrDefault(key, new TreeMap<>())));
        });
        return totals;
    }

    /**
     * Streams one monitor's buckets, each row with its histogram, from one cursor ({@value #STREAM_FETCH} rows per
     * fetch) inside a read transaction, so that a year of minute rollups never sits in memory.
     */
    @Override
    public long forEachInSeries(MonitorId monitorId, RollupTier tier, Instant from, Instant to, Consumer<Rollup> sink) {
        Objects.requireNonNull(sink, "sink");
        if (!from.isBefore(to)) {
            return 0;
        }
        var key = monitorKeys.find(monitorId);
        if (key.isEmpty()) {
            return 0;
        }
        Short code = tierCode(tier);
        return dsl.transactionResult(configuration -> {
            var query = configuration.dsl().selectFrom(ROLLUP)
                    .where(ROLLUP.MONITOR.eq(key.get()).and(ROLLUP.TIER.eq(code))
                            .and(ROLLUP.BUCKET_START.ge(toDatabase(from))).and(ROLLUP.BUCKET_START.lt(toDatabase(to))))
                    .orderBy(ROLLUP.BUCKET_START)
                    .fetchSize(STREAM_FETCH);
            long handed = 0;
            try (var cursor = query.fetchLazy()) {
                for (var row : cursor) {
                    sink.accept(rollup(monitorId, tier, row));
                    handed++;
                }
            }
            return handed;
        });
    }

    @Override
    public long deleteBefore(RollupTier tier, Instant before) {
        Short code = tierCode(tier);
        OffsetDateTime cutoff = toDatabase(before);
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            return (long) tx.deleteFrom(ROLLUP).where(ROLLUP.TIER.eq(code).and(ROLLUP.BUCKET_START.lt(cutoff))).execute();
        });
    }

    /** Rows of any of the ranges. */
    private static Condition within(List<RollupRange> ranges) {
        if (ranges.isEmpty()) {
            return DSL.falseCondition();
        }
        return DSL.or(ranges.stream().map(range -> ROLLUP.TIER.eq(inline(tierCode(range.tier())))
                .and(ROLLUP.BUCKET_START.ge(toDatabase(range.from())))
                .and(ROLLUP.BUCKET_START.lt(toDatabase(range.to())))).toList());
    }

    private static Field<Long> filtered(Field<Long> column, Condition filter, Field<Long> name, int window) {
        return sum(column).filterWhere(filter).coerce(SQLDataType.BIGINT).as(name(name, window));
    }

    private static String name(Field<Long> field, int window) {
        return field.getName() + "_" + window;
    }

    private static Field<Long> total(Field<Long> column, Field<Long> name) {
        return sum(column).coerce(SQLDataType.BIGINT).as(name);
    }

    private static long value(Record row, int index) {
        Object value = row.get(index);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The stored code of each tier: fixed, unlike {@link Enum#ordinal()}. */
    private static Short tierCode(RollupTier tier) {
        return switch (tier) {
            case MINUTE -> (short) 0;
            case HOUR -> (short) 1;
            case DAY -> (short) 2;
        };
    }

    /** The instant as stored, at UTC; bucket starts are whole minutes, so nothing is truncated. */
    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
