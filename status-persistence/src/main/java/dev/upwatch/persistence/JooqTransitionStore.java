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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static dev.upwatch.persistence.schema.Tables.MONITOR_STATUS;

/**
 * {@link TransitionStore} on {@code monitor_status} and the incident and outbox tables, for PostgreSQL and H2 alike:
 * a transition's status row, incident rows and outbox rows are written in one transaction, made durable before
 * {@link #commit} returns ({@link Vendor#flushCommits}). Instants are kept to the microsecond.
 */
final class JooqTransitionStore implements TransitionStore {
    private final DSLContext dsl;
    private final Vendor vendor;

    JooqTransitionStore(DSLContext dsl, Vendor vendor) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
    }

    @Override
    public void commit(Transition transition) {
        Objects.requireNonNull(transition, "transition");
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            transition.status().ifPresent(status -> upsert(tx, status));
            for (Incident incident : transition.incidents()) {
                JooqIncidentStore.save(tx, incident);
            }
            JooqOutboxStore.insert(tx, transition.messages());
        });
        vendor.flushCommits(dsl);
    }

    /** Replaces the monitor's status row: an update by key, else an insert (both databases, no MERGE emulation). */
    private static void upsert(DSLContext tx, CommittedStatus status) {
        int updated = tx.update(MONITOR_STATUS)
                .set(MONITOR_STATUS.STATUS, status.status().wireName())
                .set(MONITOR_STATUS.SINCE, toDatabase(status.since()))
                .where(MONITOR_STATUS.MONITOR.eq(status.monitor().value()))
                .execute();
        if (updated == 0) {
            tx.insertInto(MONITOR_STATUS, MONITOR_STATUS.MONITOR, MONITOR_STATUS.STATUS, MONITOR_STATUS.SINCE)
                    .values(status.monitor().value(), status.status().wireName(), toDatabase(status.since()))
                    .execute();
        }
    }

    @Override
    public List<CommittedStatus> statuses() {
        return dsl.select(MONITOR_STATUS.MONITOR, MONITOR_STATUS.STATUS, MONITOR_STATUS.SINCE)
                .from(MONITOR_STATUS)
                .fetch(row -> new CommittedStatus(MonitorId.of(row.value1()), status(row.value2()),
                        row.value3().toInstant()));
    }

    private static Status status(String code) {
        return Arrays.stream(Status.values()).filter(status -> status.wireName().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown status in the monitor_status table: " + code));
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
