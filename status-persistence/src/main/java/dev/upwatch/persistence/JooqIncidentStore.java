package dev.upwatch.persistence;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.persistence.schema.tables.records.IncidentRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.INCIDENT;
import static dev.upwatch.persistence.schema.Tables.INCIDENT_SERVICE;
import static dev.upwatch.persistence.schema.Tables.INCIDENT_UPDATE;

/**
 * {@link IncidentStore} on the {@code incident}, {@code incident_service} and {@code incident_update} tables, for
 * PostgreSQL and H2 alike. A save replaces the incident's rows in one transaction. Instants are kept to the
 * microsecond, finer parts truncated; NUL characters in texts become U+FFFD.
 */
final class JooqIncidentStore implements IncidentStore {
    /** Ids per {@code IN (...)} list: far below every driver's bind parameter limit. */
    private static final int CHUNK = 500;

    private final DSLContext dsl;

    JooqIncidentStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void save(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        dsl.transaction(configuration -> save(configuration.dsl(), incident));
    }

    /** Replaces the incident's rows in the caller's transaction. */
    static void save(DSLContext tx, Incident incident) {
        String id = incident.id().value();
        tx.deleteFrom(INCIDENT_UPDATE).where(INCIDENT_UPDATE.INCIDENT.eq(id)).execute();
        tx.deleteFrom(INCIDENT_SERVICE).where(INCIDENT_SERVICE.INCIDENT.eq(id)).execute();
        tx.deleteFrom(INCIDENT).where(INCIDENT.ID.eq(id)).execute();
        tx.insertInto(INCIDENT, INCIDENT.ID, INCIDENT.KIND, INCIDENT.TITLE, INCIDENT.IMPACT, INCIDENT.STARTED_AT,
                        INCIDENT.RESOLVED_AT)
                .values(id, code(incident.kind()), StoredText.storable(incident.title()), incident.impact().wireName(),
                        toDatabase(incident.startedAt()), incident.resolvedAt().map(JooqIncidentStore::toDatabase).orElse(null))
                .execute();
        List<MonitorId> services = incident.services();
        if (!services.isEmpty()) {
            var insert = tx.insertInto(INCIDENT_SERVICE, INCIDENT_SERVICE.INCIDENT, INCIDENT_SERVICE.SEQ,
                    INCIDENT_SERVICE.MONITOR);
            for (int i = 0; i < services.size(); i++) {
                insert = insert.values(id, (short) i, services.get(i).value());
            }
            insert.execute();
        }
        List<IncidentUpdate> updates = incident.updates();
        if (!updates.isEmpty()) {
            var insert = tx.insertInto(INCIDENT_UPDATE, INCIDENT_UPDATE.INCIDENT, INCIDENT_UPDATE.SEQ,
                    INCIDENT_UPDATE.POSTED_AT, INCIDENT_UPDATE.STATE, INCIDENT_UPDATE.MESSAGE);
            for (int i = 0; i < updates.size(); i++) {
                IncidentUpdate update = updates.get(i);
                insert = insert.values(id, i, toDatabase(update.at()), update.state().wireName(),
                        StoredText.storable(update.message()));
            }
            insert.execute();
        }
    }

    @Override
    public Optional<Incident> find(IncidentId id) {
        Objects.requireNonNull(id, "id");
        return select(INCIDENT.ID.eq(id.value()), 1).stream().findFirst();
    }

    @Override
    public List<Incident> active() {
        return select(INCIDENT.RESOLVED_AT.isNull(), Integer.MAX_VALUE);
    }

    @Override
    public List<Incident> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        OffsetDateTime start = toDatabase(from);
        // The same overlap rule as Incident.overlaps: starts before the end, and starts inside or is still going.
        Condition overlaps = INCIDENT.STARTED_AT.lt(toDatabase(to))
                .and(INCIDENT.STARTED_AT.ge(start).or(INCIDENT.RESOLVED_AT.isNull()).or(INCIDENT.RESOLVED_AT.gt(start)));
        return select(overlaps, Integer.MAX_VALUE);
    }

    @Override
    public List<Incident> forService(MonitorId monitorId, int limit) {
        Objects.requireNonNull(monitorId, "monitorId");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return select(INCIDENT.ID.in(DSL.select(INCIDENT_SERVICE.INCIDENT).from(INCIDENT_SERVICE)
                .where(INCIDENT_SERVICE.MONITOR.eq(monitorId.value()))), limit);
    }

    /** The incidents matching {@code condition}, newest first, with their services and timelines. */
    private List<Incident> select(Condition condition, int limit) {
        var query = dsl.selectFrom(INCIDENT).where(condition).orderBy(INCIDENT.STARTED_AT.desc(), INCIDENT.ID.asc());
        List<IncidentRecord> rows = limit == Integer.MAX_VALUE ? query.fetch() : query.limit(limit).fetch();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(IncidentRecord::getId).toList();
        Map<String, List<MonitorId>> services = new HashMap<>();
        Map<String, List<IncidentUpdate>> updates = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            dsl.select(INCIDENT_SERVICE.INCIDENT, INCIDENT_SERVICE.MONITOR).from(INCIDENT_SERVICE)
                    .where(INCIDENT_SERVICE.INCIDENT.in(chunk))
                    .orderBy(INCIDENT_SERVICE.INCIDENT, INCIDENT_SERVICE.SEQ)
                    .forEach(row -> services.computeIfAbsent(row.value1(), k -> new ArrayList<>())
                            .add(MonitorId.of(row.value2())));
            dsl.select(INCIDENT_UPDATE.INCIDENT, INCIDENT_UPDATE.POSTED_AT, INCIDENT_UPDATE.STATE, INCIDENT_UPDATE.MESSAGE)
                    .from(INCIDENT_UPDATE)
                    .where(INCIDENT_UPDATE.INCIDENT.in(chunk))
                    .orderBy(INCIDENT_UPDATE.INCIDENT, INCIDENT_UPDATE.SEQ)
                    .forEach(row -> updates.computeIfAbsent(row.value1(), k -> new ArrayList<>())
                            .add(new IncidentUpdate(row.value2().toInstant(), state(row.value3()), row.value4())));
        }
        return rows.stream().map(row -> new Incident(
                IncidentId.of(row.getId()),
                kind(row.getKind()),
                row.getTitle(),
                Status.valueOf(row.getImpact().toUpperCase(Locale.ROOT)),
                services.getOrDefault(row.getId(), List.of()),
                row.getStartedAt().toInstant(),
                Optional.ofNullable(row.getResolvedAt()).map(OffsetDateTime::toInstant),
                updates.getOrDefault(row.getId(), List.of()))).toList();
    }

    /** The stored code of each kind: its lower-case name, fixed by the table's check constraint. */
    private static String code(Incident.Kind kind) {
        return switch (kind) {
            case AUTOMATIC -> "automatic";
            case MANUAL -> "manual";
            case MAINTENANCE -> "maintenance";
        };
    }

    private static Incident.Kind kind(String code) {
        return switch (code) {
            case "automatic" -> Incident.Kind.AUTOMATIC;
            case "manual" -> Incident.Kind.MANUAL;
            case "maintenance" -> Incident.Kind.MAINTENANCE;
            default -> throw new IllegalStateException("unknown incident kind in the incident table: " + code);
        };
    }

    private static IncidentState state(String code) {
        for (IncidentState state : IncidentState.values()) {
            if (state.wireName().equals(code)) {
                return state;
            }
        }
        throw new IllegalStateException("unknown incident state in the incident_update table: " + code);
    }

    /** The instant as stored: truncated to microseconds, at UTC. */
    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
