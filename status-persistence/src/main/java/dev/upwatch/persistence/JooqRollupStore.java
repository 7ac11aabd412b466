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
import static dev.upwatch.persistence.schema.Tables.ROLLUP_LATENCY;
import static dev.upwatch.persistence.schema.Tables.ROLLUP_MARK;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.least;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.when;

/**
 * {@link RollupStore} on the {@code rollup} and {@code rollup_latency} tables, for PostgreSQL and H2 alike.
 *
 * <p>{@link #add(List, Collection)} writes each monitor's {@link RollupMark} (table {@code rollup_mark}) in the same
 * transaction as the rollups, so the marks always say which checks the rollups hold.
 *
 * <p>{@link #add} is an additive upsert ({@code INSERT … ON CONFLICT … DO UPDATE SET n = rollup.n + excluded.n} on
 * PostgreSQL; jOOQ emulates it with {@code MERGE} on H2), so concurrent and retried flushes add up and nothing is
 * recomputed from samples.
 */
final class JooqRollupStore implements RollupStore {
    /** Rows per upsert statement: far below every driver's bind parameter limit. */
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

    JooqRollupStore(DSLContext dsl, Vendor vendor) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
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
        // One row per bucket in a statement: PostgreSQL refuses to update the same row twice in one upsert.
        Map<List<Object>, Rollup> merged = new LinkedHashMap<>();
        for (Rollup rollup : rollups) {
            merged.merge(List.of(rollup.monitorId(), rollup.tier(), rollup.start()), rollup, Rollup::plus);
        }
        Set<MonitorId> ids = merged.values().stream().map(Rollup::monitorId).collect(Collectors.toCollection(HashSet::new));
        marks.forEach(mark -> ids.add(mark.monitorId()));
        Map<MonitorId, Integer> keys = monitorKeys.resolve(ids);
        List<Rollup> all = List.copyOf(merged.values());
        List<Object[]> counts = new ArrayList<>(all.size());
        List<Object[]> latencies = new ArrayList<>();
        for (Rollup r : all) {
            Integer key = keys.get(r.monitorId());
            Short tier = tierCode(r.tier());
            OffsetDateTime start = toDatabase(r.start());
            counts.add(new Object[] {key, tier, start, r.checks(), r.failures(), r.errors(), r.maintenance(),
                    r.degraded(), r.downMillis(), r.responseMinMicros(), r.responseMaxMicros(), r.responseSumMicros()});
            r.histogram().forEach((index, count) -> latencies.add(new Object[] {key, tier, start, index.shortValue(),
                    count}));
        }
        // The newest mark of each monitor: one row per key, as for the buckets.
        Map<Integer, Object[]> markRows = new LinkedHashMap<>();
        for (RollupMark mark : marks) {
            Integer key = keys.get(mark.monitorId());
            Object[] row = {key, toDatabase(mark.through()), mark.status().wireName()};
            markRows.merge(key, row, (a, b) -> ((OffsetDateTime) a[1]).isAfter((OffsetDateTime) b[1]) ? a : b);
        }
        List<Object[]> markList = List.copyOf(markRows.values());
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            if (vendor == Vendor.POSTGRESQL) {
                // Multi-row INSERT … ON CONFLICT: one round trip per chunk.
                for (int from = 0; from < counts.size(); from += CHUNK) {
                    upsertCounts(tx, counts.subList(from, Math.min(counts.size(), from + CHUNK))).execute();
                }
                for (int from = 0; from < latencies.size(); from += CHUNK) {
                    upsertLatencies(tx, latencies.subList(from, Math.min(latencies.size(), from + CHUNK))).execute();
                }
                for (int from = 0; from < markList.size(); from += CHUNK) {
                    upsertMarks(tx, markList.subList(from, Math.min(markList.size(), from + CHUNK))).execute();
                }
            } else {
                // H2 runs jOOQ's emulating MERGE … USING on a secondary index (a 20k-row flush took minutes), so
                // here each row is an UPDATE by primary key, and the rows that matched nothing are INSERTed. A
                // concurrent insert of the same bucket fails the transaction; the caller keeps the rows and retries.
                addByKey(tx, UPDATE_COUNTS, counts, JooqRollupStore::countsUpdateBinds, ROLLUP);
                addByKey(tx, UPDATE_LATENCY, latencies, row -> new Object[] {row[4], row[0], row[1], row[2], row[3]},
                        ROLLUP_LATENCY);
                addByKey(tx, UPDATE_MARK, markList, row -> new Object[] {row[1], row[2], row[0]}, ROLLUP_MARK);
            }
        });
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

    private static final String UPDATE_COUNTS = """
            update rollup set checks = checks + ?, failures = failures + ?, errors = errors + ?,
              maintenance = maintenance + ?, degraded = degraded + ?, down_ms = down_ms + ?,
              response_min_us = case when checks - errors = 0 then ? when ? = 0 then response_min_us
                                     else least(response_min_us, ?) end,
              response_max_us = greatest(response_max_us, ?), response_sum_us = response_sum_us + ?
            where tier = ? and bucket_start = ? and monitor = ?""";

    private static final String UPDATE_LATENCY = """
            update rollup_latency set checks = checks + ?
            where monitor = ? and tier = ? and bucket_start = ? and latency_bucket = ?""";

    private static Object[] countsUpdateBinds(Object[] r) {
        long addedTimed = (Long) r[3] - (Long) r[5];
        return new Object[] {r[3], r[4], r[5], r[6], r[7], r[8], r[9], addedTimed, r[9], r[10], r[11], r[1], r[2], r[0]};
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

    /** The additive upsert of {@code rows} (monitor key, tier code, start and the counts, as the columns). */
    private static Query upsertCounts(DSLContext tx, List<Object[]> rows) {
        InsertValuesStep12<?, Integer, Short, OffsetDateTime, Long, Long, Long, Long, Long, Long, Long, Long, Long>
                insert = tx.insertInto(ROLLUP, ROLLUP.MONITOR, ROLLUP.TIER, ROLLUP.BUCKET_START, ROLLUP.CHECKS,
                ROLLUP.FAILURES, ROLLUP.ERRORS, ROLLUP.MAINTENANCE, ROLLUP.DEGRADED, ROLLUP.DOWN_MS,
                ROLLUP.RESPONSE_MIN_US, ROLLUP.RESPONSE_MAX_US, ROLLUP.RESPONSE_SUM_US);
        for (Object[] r : rows) {
            insert = insert.values((Integer) r[0], (Short) r[1], (OffsetDateTime) r[2], (Long) r[3], (Long) r[4],
                    (Long) r[5], (Long) r[6], (Long) r[7], (Long) r[8], (Long) r[9], (Long) r[10], (Long) r[11]);
        }
        // The minimum of the timed checks: a side without timed checks (only errors, or only down time) has none.
        Field<Long> storedTimed = ROLLUP.CHECKS.minus(ROLLUP.ERRORS);
        Field<Long> addedTimed = excluded(ROLLUP.CHECKS).minus(excluded(ROLLUP.ERRORS));
        return insert.onConflict(ROLLUP.TIER, ROLLUP.BUCKET_START, ROLLUP.MONITOR)
                .doUpdate()
                .set(ROLLUP.CHECKS, ROLLUP.CHECKS.plus(excluded(ROLLUP.CHECKS)))
                .set(ROLLUP.FAILURES, ROLLUP.FAILURES.plus(excluded(ROLLUP.FAILURES)))
                .set(ROLLUP.ERRORS, ROLLUP.ERRORS.plus(excluded(ROLLUP.ERRORS)))
                .set(ROLLUP.MAINTENANCE, ROLLUP.MAINTENANCE.plus(excluded(ROLLUP.MAINTENANCE)))
                .set(ROLLUP.DEGRADED, ROLLUP.DEGRADED.plus(excluded(ROLLUP.DEGRADED)))
                .set(ROLLUP.DOWN_MS, ROLLUP.DOWN_MS.plus(excluded(ROLLUP.DOWN_MS)))
                .set(ROLLUP.RESPONSE_MIN_US, when(storedTimed.eq(inline(0L)), excluded(ROLLUP.RESPONSE_MIN_US))
                        .when(addedTimed.eq(inline(0L)), ROLLUP.RESPONSE_MIN_US)
                        .otherwise(least(ROLLUP.RESPONSE_MIN_US, excluded(ROLLUP.RESPONSE_MIN_US))))
                .set(ROLLUP.RESPONSE_MAX_US, greatest(ROLLUP.RESPONSE_MAX_US, excluded(ROLLUP.RESPONSE_MAX_US)))
                .set(ROLLUP.RESPONSE_SUM_US, ROLLUP.RESPONSE_SUM_US.plus(excluded(ROLLUP.RESPONSE_SUM_US)));
    }

    /** The additive upsert of histogram {@code rows} (monitor key, tier code, start, latency bucket, checks). */
    private static Query upsertLatencies(DSLContext tx, List<Object[]> rows) {
        InsertValuesStep5<?, Integer, Short, OffsetDateTime, Short, Long> insert = tx.insertInto(ROLLUP_LATENCY,
                ROLLUP_LATENCY.MONITOR, ROLLUP_LATENCY.TIER, ROLLUP_LATENCY.BUCKET_START, ROLLUP_LATENCY.LATENCY_BUCKET,
                ROLLUP_LATENCY.CHECKS);
        for (Object[] row : rows) {
            insert = insert.values((Integer) row[0], (Short) row[1], (OffsetDateTime) row[2], (Short) row[3],
                    (Long) row[4]);
        }
        return insert.onConflict(ROLLUP_LATENCY.MONITOR, ROLLUP_LATENCY.TIER, ROLLUP_LATENCY.BUCKET_START,
                        ROLLUP_LATENCY.LATENCY_BUCKET)
                .doUpdate()
                .set(ROLLUP_LATENCY.CHECKS, ROLLUP_LATENCY.CHECKS.plus(excluded(ROLLUP_LATENCY.CHECKS)));
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
        Map<OffsetDateTime, TreeMap<Integer, Long>> histograms = new HashMap<>();
        dsl.select(ROLLUP_LATENCY.BUCKET_START, ROLLUP_LATENCY.LATENCY_BUCKET, ROLLUP_LATENCY.CHECKS)
                .from(ROLLUP_LATENCY)
                .where(ROLLUP_LATENCY.MONITOR.eq(key.get()).and(ROLLUP_LATENCY.TIER.eq(code))
                        .and(ROLLUP_LATENCY.BUCKET_START.ge(toDatabase(from)))
                        .and(ROLLUP_LATENCY.BUCKET_START.lt(toDatabase(to))))
                .forEach(row -> histograms.computeIfAbsent(row.value1().withOffsetSameInstant(ZoneOffset.UTC),
                        start -> new TreeMap<>()).put(row.value2().intValue(), row.value3()));
        return dsl.selectFrom(ROLLUP)
                .where(ROLLUP.MONITOR.eq(key.get()).and(ROLLUP.TIER.eq(code))
                        .and(ROLLUP.BUCKET_START.ge(toDatabase(from))).and(ROLLUP.BUCKET_START.lt(toDatabase(to))))
                .orderBy(ROLLUP.BUCKET_START)
                .fetch(r -> new Rollup(monitorId, tier, r.getBucketStart().toInstant(), r.getChecks(), r.getFailures(),
                        r.getErrors(), r.getMaintenance(), r.getDegraded(), r.getDownMs(), r.getResponseMinUs(),
                        r.getResponseMaxUs(), r.getResponseSumUs(),
                        histograms.getOrDefault(r.getBucketStart().withOffsetSameInstant(ZoneOffset.UTC),
                                new TreeMap<>())));
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
        Condition oneMonitorLatency = byKey.size() == 1
                ? ROLLUP_LATENCY.MONITOR.eq(byKey.keySet().iterator().next()) : DSL.noCondition();
        // Per monitor key: checks, failures, errors, maintenance, degraded, down_ms, min (-1: none), max, sum.
        Map<Integer, long[]> sums = new HashMap<>();
        Map<Integer, TreeMap<Integer, Long>> histograms = new HashMap<>();
        Field<Long> timed = ROLLUP.CHECKS.minus(ROLLUP.ERRORS);
        for (RollupRange range : ranges) {
            dsl.select(ROLLUP_LATENCY.MONITOR, ROLLUP_LATENCY.LATENCY_BUCKET,
                            sum(ROLLUP_LATENCY.CHECKS).coerce(SQLDataType.BIGINT))
                    .from(ROLLUP_LATENCY)
                    .where(withinLatency(List.of(range)).and(oneMonitorLatency))
                    .groupBy(ROLLUP_LATENCY.MONITOR, ROLLUP_LATENCY.LATENCY_BUCKET)
                    .forEach(row -> {
                        if (byKey.containsKey(row.value1())) {
                            histograms.computeIfAbsent(row.value1(), key -> new TreeMap<>())
                                    .merge(row.value2().intValue(), row.value3(), Long::sum);
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
     * Streams one monitor's buckets with their histograms from one cursor (the rollup rows joined with their latency
     * rows, {@value #STREAM_FETCH} rows per fetch) inside a read transaction, so that a year of minute rollups never
     * sits in memory: a bucket is handed over once its last latency row has been read.
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
            var query = configuration.dsl().select(ROLLUP.BUCKET_START, ROLLUP.CHECKS, ROLLUP.FAILURES, ROLLUP.ERRORS,
                            ROLLUP.MAINTENANCE, ROLLUP.DEGRADED, ROLLUP.DOWN_MS, ROLLUP.RESPONSE_MIN_US,
                            ROLLUP.RESPONSE_MAX_US, ROLLUP.RESPONSE_SUM_US, ROLLUP_LATENCY.LATENCY_BUCKET,
                            ROLLUP_LATENCY.CHECKS)
                    .from(ROLLUP)
                    .leftJoin(ROLLUP_LATENCY).on(ROLLUP_LATENCY.MONITOR.eq(ROLLUP.MONITOR)
                            .and(ROLLUP_LATENCY.TIER.eq(ROLLUP.TIER))
                            .and(ROLLUP_LATENCY.BUCKET_START.eq(ROLLUP.BUCKET_START)))
                    .where(ROLLUP.MONITOR.eq(key.get()).and(ROLLUP.TIER.eq(code))
                            .and(ROLLUP.BUCKET_START.ge(toDatabase(from))).and(ROLLUP.BUCKET_START.lt(toDatabase(to))))
                    .orderBy(ROLLUP.BUCKET_START, ROLLUP_LATENCY.LATENCY_BUCKET)
                    .fetchSize(STREAM_FETCH);
            long handed = 0;
            try (var cursor = query.fetchLazy()) {
                org.jooq.Record12<OffsetDateTime, Long, Long, Long, Long, Long, Long, Long, Long, Long, Short, Long> bucket = null;
                TreeMap<Integer, Long> histogram = new TreeMap<>();
                for (var row : cursor) {
                    if (bucket != null && !row.value1().isEqual(bucket.value1())) {
                        sink.accept(rollup(monitorId, tier, bucket, histogram));
                        handed++;
                        histogram = new TreeMap<>();
                    }
                    bucket = row;
                    if (row.value11() != null) {
                        histogram.put(row.value11().intValue(), row.value12());
                    }
                }
                if (bucket != null) {
                    sink.accept(rollup(monitorId, tier, bucket, histogram));
                    handed++;
                }
            }
            return handed;
        });
    }

    private static Rollup rollup(MonitorId id, RollupTier tier,
                                 org.jooq.Record12<OffsetDateTime, Long, Long, Long, Long, Long, Long, Long, Long, Long, Short, Long> row,
                                 TreeMap<Integer, Long> histogram) {
        return new Rollup(id, tier, row.value1().toInstant(), row.value2(), row.value3(), row.value4(), row.value5(),
                row.value6(), row.value7(), row.value8(), row.value9(), row.value10(), histogram);
    }

    /** Histogram rows of any of the ranges. */
    private static Condition withinLatency(List<RollupRange> ranges) {
        return DSL.or(ranges.stream().map(range -> ROLLUP_LATENCY.TIER.eq(inline(tierCode(range.tier())))
                .and(ROLLUP_LATENCY.BUCKET_START.ge(toDatabase(range.from())))
                .and(ROLLUP_LATENCY.BUCKET_START.lt(toDatabase(range.to())))).toList());
    }

    @Override
    public long deleteBefore(RollupTier tier, Instant before) {
        Short code = tierCode(tier);
        OffsetDateTime cutoff = toDatabase(before);
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.deleteFrom(ROLLUP_LATENCY).where(ROLLUP_LATENCY.TIER.eq(code).and(ROLLUP_LATENCY.BUCKET_START.lt(cutoff)))
                    .execute();
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
