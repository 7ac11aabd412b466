package dev.upwatch.persistence;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.port.ChannelDefinitionStore;
import dev.upwatch.persistence.schema.tables.records.NotificationChannelRecord;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.NOTIFICATION_CHANNEL;

/** {@link ChannelDefinitionStore} on the {@code notification_channel} table, for PostgreSQL and H2 alike. */
final class JooqChannelDefinitionStore implements ChannelDefinitionStore {
    private final DocumentTable<NotificationChannelRecord> rows;

    JooqChannelDefinitionStore(DSLContext dsl) {
        this.rows = new DocumentTable<>(dsl, NOTIFICATION_CHANNEL, NOTIFICATION_CHANNEL.ID, NOTIFICATION_CHANNEL.DEFINITION, NOTIFICATION_CHANNEL.CREATED_AT, NOTIFICATION_CHANNEL.UPDATED_AT);
    }

    @Override
    public List<ChannelDefinition> all() {
        return rows.all(ChannelDefinition::new);
    }

    @Override
    public Optional<ChannelDefinition> find(String id) {
        return rows.find(id, ChannelDefinition::new);
    }

    @Override
    public void save(ChannelDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        rows.save(definition.id(), definition.document(), definition.createdAt(), definition.updatedAt());
    }

    @Override
    public boolean delete(String id) {
        return rows.delete(id);
    }
}
