package dev.upwatch.persistence;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shape shared by the tables that keep what the admin API writes as documents ({@code managed_monitor},
 * {@code maintenance_window}, {@code notification_channel}): a text id, the definition document, and when it was
 * created and last replaced. The stores on these tables map rows to their own core types through a {@link RowMaker}.
 * Instants are kept to the microsecond, finer parts truncated.
 *
 * @param <R> the table's record type
 */
final class DocumentTable<R extends Record> {
    /** Turns a row's values into a store's own type. */
    @FunctionalInterface
    interface RowMaker<T> {
        T make(String id, String document, Instant createdAt, Instant updatedAt);
    }

    private final DSLContext dsl;
    private final Table<R> table;
    private final TableField<R, String> id;
    private final TableField<R, String> document;
    private final TableField<R, OffsetDateTime> createdAt;
    private final TableField<R, OffsetDateTime> updatedAt;

    DocumentTable(DSLContext dsl, Table<R> table, TableField<R, String> id, TableField<R, String> document,
                  TableField<R, OffsetDateTime> createdAt, TableField<R, OffsetDateTime> updatedAt) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.table = Objects.requireNonNull(table, "table");
        this.id = Objects.requireNonNull(id, "id");
        this.document = Objects.requireNonNull(document, "document");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Every row, oldest first (ties by id). */
    <T> List<T> all(RowMaker<T> maker) {
        return dsl.selectFrom(table).orderBy(createdAt, id).fetch(row -> make(row, maker));
    }

    /** The row of {@code key}, if there is one. */
    <T> Optional<T> find(String key, RowMaker<T> maker) {
        Objects.requireNonNull(key, "key");
        return dsl.selectFrom(table).where(id.eq(key)).fetchOptional(row -> make(row, maker));
    }

    /** Replaces the row of {@code key}, or adds it, in one transaction. */
    void save(String key, String definition, Instant created, Instant updated) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(definition, "definition");
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            int changed = tx.update(table)
                    .set(document, definition)
                    .set(createdAt, toDatabase(created))
                    .set(updatedAt, toDatabase(updated))
                    .where(id.eq(key))
                    .execute();
            if (changed == 0) {
                tx.insertInto(table, id, document, createdAt, updatedAt)
                        .values(key, definition, toDatabase(created), toDatabase(updated))
                        .execute();
            }
        });
    }

    /** Deletes the row of {@code key}; false when there was none. */
    boolean delete(String key) {
        Objects.requireNonNull(key, "key");
        return dsl.deleteFrom(table).where(id.eq(key)).execute() > 0;
    }

    private <T> T make(R row, RowMaker<T> maker) {
        return maker.make(row.get(id), row.get(document), row.get(createdAt).toInstant(), row.get(updatedAt).toInstant());
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
