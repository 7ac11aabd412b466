package dev.upwatch.persistence;

import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.port.MaintenanceDefinitionStore;
import dev.upwatch.persistence.schema.tables.records.MaintenanceWindowRecord;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.MAINTENANCE_WINDOW;

/** {@link MaintenanceDefinitionStore} on the {@code maintenance_window} table, for PostgreSQL and H2 alike. */
final class JooqMaintenanceDefinitionStore implements MaintenanceDefinitionStore {
    private final DocumentTable<MaintenanceWindowRecord> rows;

    JooqMaintenanceDefinitionStore(DSLContext dsl) {
        this.rows = new DocumentTable<>(dsl, MAINTENANCE_WINDOW, MAINTENANCE_WINDOW.ID, MAINTENANCE_WINDOW.DEFINITION, MAINTENANCE_WINDOW.CREATED_AT, MAINTENANCE_WINDOW.UPDATED_AT);
    }

    @Override
    public List<MaintenanceDefinition> all() {
        return rows.all(MaintenanceDefinition::new);
    }

    @Override
    public Optional<MaintenanceDefinition> find(String id) {
        return rows.find(id, MaintenanceDefinition::new);
    }

    @Override
    public void save(MaintenanceDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        rows.save(definition.id(), definition.document(), definition.createdAt(), definition.updatedAt());
    }

    @Override
    public boolean delete(String id) {
        return rows.delete(id);
    }
}
