package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.persistence.schema.tables.records.ManagedMonitorRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.MANAGED_MONITOR;

/**
 * {@link MonitorDefinitionStore} on the {@code managed_monitor} table, for PostgreSQL and H2 alike. Instants are kept
 * to the microsecond, finer parts truncated.
 */
final class JooqMonitorDefinitionStore implements MonitorDefinitionStore {
    private final DSLContext dsl;

    JooqMonitorDefinitionStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<MonitorDefinition> all() {
        return dsl.selectFrom(MANAGED_MONITOR).orderBy(MANAGED_MONITOR.CREATED_AT, MANAGED_MONITOR.ID)
                .fetch(JooqMonitorDefinitionStore::definition);
    }

    @Override
    public Optional<MonitorDefinition> find(MonitorId id) {
        Objects.requireNonNull(id, "id");
        return dsl.selectFrom(MANAGED_MONITOR).where(MANAGED_MONITOR.ID.eq(id.value()))
                .fetchOptional(JooqMonitorDefinitionStore::definition);
    }

    @Override
    public void save(MonitorDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        String id = definition.id().value();
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            int updated = tx.update(MANAGED_MONITOR)
                    .set(MANAGED_MONITOR.DEFINITION, definition.document())
                    .set(MANAGED_MONITOR.CREATED_AT, toDatabase(definition.createdAt()))
                    .set(MANAGED_MONITOR.UPDATED_AT, toDatabase(definition.updatedAt()))
                    .where(MANAGED_MONITOR.ID.eq(id))
                    .execute();
            if (updated == 0) {
                tx.insertInto(MANAGED_MONITOR, MANAGED_MONITOR.ID, MANAGED_MONITOR.DEFINITION, MANAGED_MONITOR.CREATED_AT,
                                MANAGED_MONITOR.UPDATED_AT)
                        .values(id, definition.document(), toDatabase(definition.createdAt()),
                                toDatabase(definition.updatedAt()))
                        .execute();
            }
        });
    }

    @Override
    public boolean delete(MonitorId id) {
        Objects.requireNonNull(id, "id");
        return dsl.deleteFrom(MANAGED_MONITOR).where(MANAGED_MONITOR.ID.eq(id.value())).execute() > 0;
    }

    private static MonitorDefinition definition(ManagedMonitorRecord row) {
        return new MonitorDefinition(MonitorId.of(row.getId()), row.getDefinition(), row.getCreatedAt().toInstant(),
                row.getUpdatedAt().toInstant());
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
