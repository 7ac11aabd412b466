package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.persistence.schema.tables.records.ManagedMonitorRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.MANAGED_MONITOR;

/** {@link MonitorDefinitionStore} on the {@code managed_monitor} table, for PostgreSQL and H2 alike. */
final class JooqMonitorDefinitionStore implements MonitorDefinitionStore {
    private final DocumentTable<ManagedMonitorRecord> rows;

    JooqMonitorDefinitionStore(DSLContext dsl) {
        this.rows = new DocumentTable<>(dsl, MANAGED_MONITOR, MANAGED_MONITOR.ID, MANAGED_MONITOR.DEFINITION,
                MANAGED_MONITOR.CREATED_AT, MANAGED_MONITOR.UPDATED_AT);
    }

    @Override
    public List<MonitorDefinition> all() {
        return rows.all(JooqMonitorDefinitionStore::definition);
    }

    @Override
    public Optional<MonitorDefinition> find(MonitorId id) {
        Objects.requireNonNull(id, "id");
        return rows.find(id.value(), JooqMonitorDefinitionStore::definition);
    }

    @Override
    public void save(MonitorDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        rows.save(definition.id().value(), definition.document(), definition.createdAt(), definition.updatedAt());
    }

    @Override
    public boolean delete(MonitorId id) {
        Objects.requireNonNull(id, "id");
        return rows.delete(id.value());
    }

    private static MonitorDefinition definition(String id, String document, Instant createdAt, Instant updatedAt) {
        return new MonitorDefinition(MonitorId.of(id), document, createdAt, updatedAt);
    }
}
