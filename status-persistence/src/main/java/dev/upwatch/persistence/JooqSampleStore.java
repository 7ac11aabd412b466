package dev.upwatch.persistence;

import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.upwatch.persistence.schema.Tables.MONITOR;
import static dev.upwatch.persistence.schema.Tables.SAMPLE;
import static org.jooq.Records.mapping;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;

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
 * which the ingest benchmark measured about twice as fast; both are all or nothing.
 */
final class JooqSampleStore implements SampleStore {
    static final int ERROR_MAX_CHARS = 1000;

    private static final short SUCCESS_CODE = 0;
    private static final short FAILURE_CODE = 1;
    private static final short ERROR_CODE = 2;

    /**
     * The UTC calendar day a sample started on, as days since 1970-01-01 ({@link LocalDate#ofEpochDay}). Computed
     * from the epoch seconds, which both PostgreSQL and H2 count from the instant alone: casting the timestamp to a
     * date instead would read it in the session's time zone on H2, even after {@code AT TIME ZONE 'UTC'}.
     */
    private static final Field<Long> UTC_EPOCH_DAY =
            DSL.field("floor(extract(epoch from {0}) / 86400)", SQLDataType.BIGINT, SAMPLE.STARTED_AT);

    /* Columns of the per-monitor aggregates. The counts group by the integer monitor key and join the monitor ids
       only to the few aggregated rows: on PostgreSQL, 30 days of a million samples took 0.3 s instead of 0.9 s for
       joining first and grouping by the id text. */
    private static final Field<Long> DAY = DSL.field(DSL.name("day"), SQLDataType.BIGINT);
    private static final Field<Long> SUCCESSES = DSL.field(DSL.name("successes"), SQLDataType.BIGINT);
    private static final Field<Long> FAILURES = DSL.field(DSL.name("failures"), SQLDataType.BIGINT);
    private static final Field<Long> ERRORS = DSL.field(DSL.name("errors"), SQLDataType.BIGINT);

    private final DSLContext dsl;
    private final MonitorKeys monitorKeys;
    private final SampleWriteMethod writeMethod;

    JooqSampleStore(DSLContext dsl, SampleWriteMethod writeMethod) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.writeMethod = Objects.requireNonNull(writeMethod, "writeMethod");
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
        }
    }

    /** One JDBC batch of single-row inserts (sent as multi-row inserts by pgjdbc), in the caller's transaction. */
    private static void insertBatch(DSLContext tx, List<Sample> samples, Map<MonitorId, Integer> keys) {
        BatchBindStep batch = tx.batch(tx.insertInto(SAMPLE, SAMPLE.STARTED_AT, SAMPLE.RESPONSE_TIME_US,
                        SAMPLE.MONITOR, SAMPLE.OUTCOME, SAMPLE.ERROR, SAMPLE.CONDITION_RESULTS, SAMPLE.PHASES)
                .values(null, null, (Integer) null, null, null, null, null));
        for (Sample sample : samples) {
            batch = batch.bind(
                    toDatabase(sample.startedAt()),
                    toMicros(sample.responseTime()),
                    keys.get(sample.monitorId()),
                    outcomeCode(sample.outcome()),
                    storedError(sample),
                    ConditionResultsCodec.encode(sample.conditionResults()),
                    PhasesCodec.encode(sample.phases()));
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
        return samples(monitorId, SAMPLE.MONITOR.eq(key.get()), limit, SAMPLE.STARTED_AT.desc());
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
        return samples(monitorId, SAMPLE.MONITOR.eq(key.get()).and(startedWithin(toDatabase(from), toDatabase(to))),
                limit, SAMPLE.STARTED_AT.asc());
    }

    /** The samples of {@code monitorId} matching {@code where}, in {@code order}, at most {@code limit}. */
    private List<Sample> samples(MonitorId monitorId, Condition where, int limit, SortField<?>... order) {
        return dsl.select(SAMPLE.STARTED_AT, SAMPLE.RESPONSE_TIME_US, SAMPLE.OUTCOME, SAMPLE.ERROR,
                        SAMPLE.CONDITION_RESULTS, SAMPLE.PHASES)
                .from(SAMPLE)
                .where(where)
                .orderBy(order)
                .limit(limit)
                .fetch(mapping((startedAt, micros, outcome, error, conditions, phases) -> new Sample(
                        monitorId,
                        startedAt.toInstant(),
                        Duration.of(micros, ChronoUnit.MICROS),
                        outcome(outcome, error),
                        Optional.ofNullable(error),
                        ConditionResultsCodec.decode(conditions),
                        Optional.empty(),
                        PhasesCodec.decode(phases))));
    }

    @Override
    public Map<MonitorId, CheckCounts> countChecks(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Map<MonitorId, CheckCounts> counts = new HashMap<>();
        Table<?> perMonitor = dsl.select(SAMPLE.MONITOR, countOf(SUCCESS_CODE, SUCCESSES), countOf(FAILURE_CODE, FAILURES),
                        countOf(ERROR_CODE, ERRORS))
                .from(SAMPLE)
                .where(startedWithin(toDatabase(from), toDatabase(to)))
                .groupBy(SAMPLE.MONITOR)
                .asTable("per_monitor");
        dsl.select(MONITOR.KEY, perMonitor.field(SUCCESSES), perMonitor.field(FAILURES), perMonitor.field(ERRORS))
                .from(perMonitor)
                .join(MONITOR).on(MONITOR.ID.eq(perMonitor.field(SAMPLE.MONITOR)))
                .forEach(row -> counts.put(MonitorId.of(row.value1()),
                        new CheckCounts(row.value2(), row.value3(), row.value4())));
        return Map.copyOf(counts);
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
        Map<MonitorId, List<DailyCounts>> days = new LinkedHashMap<>();
        Table<?> perMonitorDay = dsl.select(SAMPLE.MONITOR, UTC_EPOCH_DAY.as(DAY), countOf(SUCCESS_CODE, SUCCESSES),
                        countOf(FAILURE_CODE, FAILURES), countOf(ERROR_CODE, ERRORS))
                .from(SAMPLE)
                .where(startedWithin(from, to))
                .groupBy(SAMPLE.MONITOR, UTC_EPOCH_DAY)
                .asTable("per_monitor_day");
        dsl.select(MONITOR.KEY, perMonitorDay.field(DAY), perMonitorDay.field(SUCCESSES), perMonitorDay.field(FAILURES),
                        perMonitorDay.field(ERRORS))
                .from(perMonitorDay)
                .join(MONITOR).on(MONITOR.ID.eq(perMonitorDay.field(SAMPLE.MONITOR)))
                .orderBy(MONITOR.KEY, perMonitorDay.field(DAY))
                .forEach(row -> days.computeIfAbsent(MonitorId.of(row.value1()), id -> new ArrayList<>())
                        .add(new DailyCounts(LocalDate.ofEpochDay(row.value2()),
                                new CheckCounts(row.value3(), row.value4(), row.value5()))));
        Map<MonitorId, List<DailyCounts>> result = new HashMap<>();
        days.forEach((id, list) -> result.put(id, List.copyOf(list)));
        return Map.copyOf(result);
    }

    /** Half-open: {@code [from, to)}. */
    private static Condition startedWithin(OffsetDateTime from, OffsetDateTime to) {
        return SAMPLE.STARTED_AT.ge(from).and(SAMPLE.STARTED_AT.lt(to));
    }

    /** Rows of one outcome in the group, as a {@code long} (counts may pass 2^31 over long windows). */
    private static Field<Long> countOf(short outcomeCode, Field<Long> name) {
        return count().filterWhere(SAMPLE.OUTCOME.eq(inline(outcomeCode))).coerce(SQLDataType.BIGINT).as(name);
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
            // The schema allows codes 0..2 only; a blocked check is stored as an error and told apart by its text.
            case ERROR, BLOCKED -> ERROR_CODE;
        };
    }

    private static Outcome outcome(short code, String error) {
        return switch (code) {
            case SUCCESS_CODE -> Outcome.SUCCESS;
            case FAILURE_CODE -> Outcome.FAILURE;
            case ERROR_CODE -> error != null && error.startsWith(EgressPolicy.BLOCKED_PREFIX) ? Outcome.BLOCKED
                    : Outcome.ERROR;
            default -> throw new IllegalStateException("unknown outcome code in the sample table: " + code);
        };
    }
}
