package dev.upwatch.persistence;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.AuditLog;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Objects;

import static dev.upwatch.persistence.JooqAccountStore.toDatabase;
import static dev.upwatch.persistence.schema.Tables.AUDIT_LOG;

/** {@link AuditLog} on the append-only {@code audit_log} table, for PostgreSQL and H2 alike. */
final class JooqAuditLog implements AuditLog {
    /** Most entries one read returns. */
    private static final int MAX_LIMIT = 1_000;

    private final DSLContext dsl;

    JooqAuditLog(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void record(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        dsl.insertInto(AUDIT_LOG, AUDIT_LOG.AT, AUDIT_LOG.ACTOR, AUDIT_LOG.ACTION, AUDIT_LOG.SUBJECT, AUDIT_LOG.OUTCOME)
                .values(toDatabase(entry.at()), StoredText.storable(entry.actor()), StoredText.storable(entry.action()),
                        StoredText.storable(entry.subject()), StoredText.storable(entry.outcome()))
                .execute();
    }

    @Override
    public List<AuditEntry> newest(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
        }
        return dsl.selectFrom(AUDIT_LOG).orderBy(AUDIT_LOG.SEQ.desc()).limit(limit)
                .fetch(row -> new AuditEntry(row.getAt().toInstant(), row.getActor(), row.getAction(), row.getSubject(),
                        row.getOutcome()));
    }
}
