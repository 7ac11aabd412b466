package dev.upwatch.persistence;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.port.ChannelDefinitionStore;
import dev.upwatch.persistence.schema.tables.records.NotificationChannelRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.NOTIFICATION_CHANNEL;

/**
 * {@link ChannelDefinitionStore} on the {@code notification_channel} table, for PostgreSQL and H2 alike. Instants are kept
 * to the microsecond, finer parts truncated.
 */
final class JooqChannelDefinitionStore implements ChannelDefinitionStore {
    private final DSLContext dsl;

    JooqChannelDefinitionStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<ChannelDefinition> all() {
        return dsl.selectFrom(NOTIFICATION_CHANNEL).orderBy(NOTIFICATION_CHANNEL.CREATED_AT, NOTIFICATION_CHANNEL.ID)
                .fetch(JooqChannelDefinitionStore::definition);
    }

    @Override
    public Optional<ChannelDefinition> find(String id) {
        Objects.requireNonNull(id, "id");
        return dsl.selectFrom(NOTIFICATION_CHANNEL).where(NOTIFICATION_CHANNEL.ID.eq(id))
                .fetchOptional(JooqChannelDefinitionStore::definition);
    }

    @Override
    public void save(ChannelDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        String id = definition.id();
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            int updated = tx.update(NOTIFICATION_CHANNEL)
                    .set(NOTIFICATION_CHANNEL.DEFINITION, definition.document())
                    .set(NOTIFICATION_CHANNEL.CREATED_AT, toDatabase(definition.createdAt()))
                    .set(NOTIFICATION_CHANNEL.UPDATED_AT, toDatabase(definition.updatedAt()))
                    .where(NOTIFICATION_CHANNEL.ID.eq(id))
                    .execute();
            if (updated == 0) {
                tx.insertInto(NOTIFICATION_CHANNEL, NOTIFICATION_CHANNEL.ID, NOTIFICATION_CHANNEL.DEFINITION, NOTIFICATION_CHANNEL.CREATED_AT,
                                NOTIFICATION_CHANNEL.UPDATED_AT)
                        .values(id, definition.document(), toDatabase(definition.createdAt()),
                                toDatabase(definition.updatedAt()))
                        .execute();
            }
        });
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        return dsl.deleteFrom(NOTIFICATION_CHANNEL).where(NOTIFICATION_CHANNEL.ID.eq(id)).execute() > 0;
    }

    private static ChannelDefinition definition(NotificationChannelRecord row) {
        return new ChannelDefinition(row.getId(), row.getDefinition(), row.getCreatedAt().toInstant(),
                row.getUpdatedAt().toInstant());
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
