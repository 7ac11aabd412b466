package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.LocationDecision;
import dev.upwatch.core.port.TransitionStore;
import dev.upwatch.persistence.schema.tables.records.LocationStatusRecord;
import org.jooq.DSLContext;

import java.time.Duration;
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
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.LOCATION_STATUS;
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
            write(tx, all, statuses);
            if (statuses.size() <= NOTIFY_LIMIT) {
                announce(tx, statuses.keySet());
            }
        });
        vendor.flushCommits(dsl);
    }

    private static void write(DSLContext tx, List<Transition> all, Map<MonitorId, CommittedStatus> statuses) {
        upsert(tx, List.copyOf(statuses.values()));
        for (Transition transition : all) {
            for (Incident incident : transition.incidents()) {
                JooqIncidentStore.save(tx, incident);
            }
            JooqOutboxStore.insert(tx, transition.messages());
        }
    }

    /** Tells every listening node of these monitors when (and only if) the transaction commits: PostgresStatusFeed. */
    private void announce(DSLContext tx, java.util.Collection<MonitorId> monitors) {
        if (vendor == Vendor.POSTGRESQL && !monitors.isEmpty()) {
            tx.execute("select pg_notify(?, m) from unnest(?::varchar[]) m", PostgresStatusFeed.CHANNEL,
                    monitors.stream().map(MonitorId::value).toArray(String[]::new));
        }
    }

    /**
     * Locks the monitor's status row (inserted as UNKNOWN first when missing), writes the location's row, reads every
     * location's, lets {@code decision} decide and writes what it decided, all in one transaction; the other nodes are
     * told when a location's status or the monitor's changed (not at every check).
     */
    @Override
    public Optional<Transition> report(LocationStatus report, LocationDecision decision) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(decision, "decision");
        Optional<Transition> decided = dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            String id = report.monitor().value();
            Optional<CommittedStatus> locked = lock(tx, id);
            if (locked.isEmpty()) {
                tx.insertInto(MONITOR_STATUS, MONITOR_STATUS.MONITOR, MONITOR_STATUS.STATUS, MONITOR_STATUS.SINCE)
                        .values(id, Status.UNKNOWN.wireName(), toDatabase(report.checkedAt()))
                        .onConflictDoNothing().execute();
                locked = lock(tx, id);
            }
            CommittedStatus status = locked.orElseThrow();
            Map<Location, LocationStatus> rows = new java.util.TreeMap<>();
            tx.selectFrom(LOCATION_STATUS).where(LOCATION_STATUS.MONITOR.eq(id))
                    .forEach(row -> rows.put(Location.of(row.getLocation()), location(row)));
            LocationStatus previous = rows.put(report.location(), report);
            int updated = tx.update(LOCATION_STATUS)
                    .set(LOCATION_STATUS.STATUS, report.status().wireName())
                    .set(LOCATION_STATUS.SINCE, toDatabase(report.since()))
                    .set(LOCATION_STATUS.CHECKED_AT, toDatabase(report.checkedAt()))
                    .set(LOCATION_STATUS.RESPONSE_US, report.responseTime().toNanos() / 1_000)
                    .set(LOCATION_STATUS.REASON, StoredText.storable(report.reason(), REASON_LENGTH))
                    .where(LOCATION_STATUS.MONITOR.eq(id), LOCATION_STATUS.LOCATION.eq(report.location().value()))
                    .execute();
            if (updated == 0) {
                tx.insertInto(LOCATION_STATUS, LOCATION_STATUS.MONITOR, LOCATION_STATUS.LOCATION, LOCATION_STATUS.STATUS,
                                LOCATION_STATUS.SINCE, LOCATION_STATUS.CHECKED_AT, LOCATION_STATUS.RESPONSE_US,
                                LOCATION_STATUS.REASON)
                        .values(id, report.location().value(), report.status().wireName(), toDatabase(report.since()),
                                toDatabase(report.checkedAt()), report.responseTime().toNanos() / 1_000,
                                StoredText.storable(report.reason(), REASON_LENGTH))
                        .execute();
            }
            Optional<Transition> transition = decision.decide(new CommittedStatus(status.monitor(), status.status(),
                    status.since(), List.copyOf(rows.values())));
            Map<MonitorId, CommittedStatus> statuses = new LinkedHashMap<>();
            transition.ifPresent(t -> t.status().ifPresent(s -> statuses.put(s.monitor(), s)));
            transition.ifPresent(t -> write(tx, List.of(t), statuses));
            if (transition.isPresent() || previous == null || previous.status() != report.status()) {
                announce(tx, List.of(report.monitor()));
            }
            return transition;
        });
        vendor.flushCommits(dsl);
        return decided;
    }

    /** Longest reason kept, in characters (the column's size). */
    private static final int REASON_LENGTH = 1_000;

    /** The monitor's status row, locked until the transaction ends. */
    private static Optional<CommittedStatus> lock(DSLContext tx, String id) {
        return tx.select(MONITOR_STATUS.MONITOR, MONITOR_STATUS.STATUS, MONITOR_STATUS.SINCE).from(MONITOR_STATUS)
                .where(MONITOR_STATUS.MONITOR.eq(id)).forUpdate()
                .fetchOptional(row -> new CommittedStatus(MonitorId.of(row.value1()), status(row.value2()),
                        row.value3().toInstant()));
    }

    @Override
    public List<LocationStatus> locationStatuses() {
        return dsl.selectFrom(LOCATION_STATUS).fetch(JooqTransitionStore::location);
    }

    static LocationStatus location(LocationStatusRecord row) {
        return new LocationStatus(MonitorId.of(row.getMonitor()), Location.of(row.getLocation()),
                status(row.getStatus()), row.getSince().toInstant(), row.getCheckedAt().toInstant(),
                Duration.ofNanos(row.getResponseUs() * 1_000), row.getReason());
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
