package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.TransitionStore;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static dev.upwatch.persistence.schema.Tables.MONITOR_STATUS;

/**
 * {@link TransitionStore} on {@code monitor_status} and the incident and outbox tables, for PostgreSQL and H2 alike:
 * a transition's status row, incident rows and outbox rows are written in one transaction, made durable before
 * {@link #commit} returns ({@link Vendor#flushCommits}). Instants are kept to the microsecond.
 */
final class JooqTransitionStore implements TransitionStore {
    /** Rows per multi-row insert: far below every driver's bind parameter limit. */
    private static final int INSERT_CHUNK = 500;

    private final DSLContext dsl;
    private final Vendor vendor;

    JooqTransitionStore(DSLContext dsl, Vendor vendor) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
    }

    @Override
    public void commit(Transition transition) {
        commitAll(List.of(Objects.requireNonNull(transition, "transition")));
    }

    /**
     * The most statuses one commit announces one by one; a larger commit (the first start's baselines) is seen by the
     * other nodes at their next full read instead.
     */
    private static final int NOTIFY_LIMIT = 1_000;

    @Override
    public void commitAll(List<Transition> transitions) {
        List<Transition> all = List.copyOf(transitions);
        Map<MonitorId, CommittedStatus> statuses = new LinkedHashMap<>(); // a monitor's last status wins
        all.forEach(transition -> transition.status().ifPresent(status -> statuses.put(status.monitor(), status)));
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            upsert(tx, List.copyOf(statuses.values()));
            for (Transition transition : all) {
                for (Incident incident : transition.incidents()) {
                    JooqIncidentStore.save(tx, incident);
                }
                JooqOutboxStore.insert(tx, transition.messages());
            }
            if (vendor == Vendor.POSTGRESQL && !statuses.isEmpty() && statuses.size() <= NOTIFY_LIMIT) {
                // Delivered to every listening node when (and only if) this transaction commits: PostgresStatusFeed.
                tx.execute("select pg_notify(?, m) from unnest(?::varchar[]) m", PostgresStatusFeed.CHANNEL,
                        statuses.keySet().stream().map(MonitorId::value).toArray(String[]::new));
            }
        });
        vendor.flushCommits(dsl);
    }

    /**
     * Replaces the monitors' status rows: one JDBC batch of updates by key, then one multi-row insert of those that
     * matched nothing (both databases alike, no MERGE emulation; thousands of rows at the first start).
     */
    private static void upsert(DSLContext tx, List<CommittedStatus> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        int[] updated = tx.batch(statuses.stream().map(status -> tx.update(MONITOR_STATUS)
                .set(MONITOR_STATUS.STATUS, status.status().wireName())
                .set(MONITOR_STATUS.SINCE, toDatabase(status.since()))
                .where(MONITOR_STATUS.MONITOR.eq(status.monitor().value()))).toList()).execute();
        List<CommittedStatus> missing = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            if (updated[i] == 0) {
                missing.add(statuses.get(i));
            }
        }
        for (int from = 0; from < missing.size(); from += INSERT_CHUNK) {
            var insert = tx.insertInto(MONITOR_STATUS, MONITOR_STATUS.MONITOR, MONITOR_STATUS.STATUS, MONITOR_STATUS.SINCE);
            for (CommittedStatus status : missing.subList(from, Math.min(missing.size(), from + INSERT_CHUNK))) {
                insert = insert.values(status.monitor().value(), status.status().wireName(), toDatabase(status.since()));
            }
            insert.execute();
        }
    }

    @Override
    public List<CommittedStatus> statuses() {
        return dsl.select(MONITOR_STATUS.MONITOR, MONITOR_STATUS.STATUS, MONITOR_STATUS.SINCE)
                .from(MONITOR_STATUS)
                .fetch(row -> new CommittedStatus(MonitorId.of(row.value1()), status(row.value2()),
                        row.value3().toInstant()));
    }

    static Status status(String code) {
        return Arrays.stream(Status.values()).filter(status -> status.wireName().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown status in the monitor_status table: " + code));
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
