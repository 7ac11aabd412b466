package dev.upwatch.persistence;

import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.port.MaintenanceDefinitionStore;
import dev.upwatch.persistence.schema.tables.records.MaintenanceWindowRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.MAINTENANCE_WINDOW;

/**
 * {@link MaintenanceDefinitionStore} on the {@code maintenance_window} table, for PostgreSQL and H2 alike. Instants are kept
 * to the microsecond, finer parts truncated.
 */
final class JooqMaintenanceDefinitionStore implements MaintenanceDefinitionStore {
    private final DSLContext dsl;

    JooqMaintenanceDefinitionStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<MaintenanceDefinition> all() {
        return dsl.selectFrom(MAINTENANCE_WINDOW).orderBy(MAINTENANCE_WINDOW.CREATED_AT, MAINTENANCE_WINDOW.ID)
                .fetch(JooqMaintenanceDefinitionStore::definition);
    }

    @Override
    public Optional<MaintenanceDefinition> find(String id) {
        Objects.requireNonNull(id, "id");
        return dsl.selectFrom(MAINTENANCE_WINDOW).where(MAINTENANCE_WINDOW.ID.eq(id))
                .fetchOptional(JooqMaintenanceDefinitionStore::definition);
    }

    @Override
    public void save(MaintenanceDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        String id = definition.id();
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            int updated = tx.update(MAINTENANCE_WINDOW)
                    .set(MAINTENANCE_WINDOW.DEFINITION, definition.document())
                    .set(MAINTENANCE_WINDOW.CREATED_AT, toDatabase(definition.createdAt()))
                    .set(MAINTENANCE_WINDOW.UPDATED_AT, toDatabase(definition.updatedAt()))
                    .where(MAINTENANCE_WINDOW.ID.eq(id))
                    .execute();
            if (updated == 0) {
                tx.insertInto(MAINTENANCE_WINDOW, MAINTENANCE_WINDOW.ID, MAINTENANCE_WINDOW.DEFINITION, MAINTENANCE_WINDOW.CREATED_AT,
                                MAINTENANCE_WINDOW.UPDATED_AT)
                        .values(id, definition.document(), toDatabase(definition.createdAt()),
                                toDatabase(definition.updatedAt()))
                        .execute();
            }
        });
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        return dsl.deleteFrom(MAINTENANCE_WINDOW).where(MAINTENANCE_WINDOW.ID.eq(id)).execute() > 0;
    }

    private static MaintenanceDefinition definition(MaintenanceWindowRecord row) {
        return new MaintenanceDefinition(row.getId(), row.getDefinition(), row.getCreatedAt().toInstant(),
                row.getUpdatedAt().toInstant());
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
