package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.SortField;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.upwatch.persistence.schema.Tables.SAMPLE;
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
 * which the ingest benchmark measured about twice as fast; both are all or nothing.
 */
final class JooqSampleStore implements SampleStore {
    static final int ERROR_MAX_CHARS = 1000;

    private static final short SUCCESS_CODE = 0;
    private static final short FAILURE_CODE = 1;
    private static final short ERROR_CODE = 2;
    private static final short BLOCKED_CODE = 3;

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
                        outcome(outcome),
                        Optional.ofNullable(error),
                        ConditionResultsCodec.decode(conditions),
                        Optional.empty(),
                        PhasesCodec.decode(phases))));
    }

    /** Half-open: {@code [from, to)}. */
    private static Condition startedWithin(OffsetDateTime from, OffsetDateTime to) {
        return SAMPLE.STARTED_AT.ge(from).and(SAMPLE.STARTED_AT.lt(to));
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

    private static Outcome outcome(short code) {
        return switch (code) {
            case SUCCESS_CODE -> Outcome.SUCCESS;
            case FAILURE_CODE -> Outcome.FAILURE;
            case ERROR_CODE -> Outcome.ERROR;
            case BLOCKED_CODE -> Outcome.BLOCKED;
            default -> throw new IllegalStateException("unknown outcome code in the sample table: " + code);
        };
    }
}
