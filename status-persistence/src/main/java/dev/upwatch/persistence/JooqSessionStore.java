package dev.upwatch.persistence;

import dev.upwatch.core.account.Session;
import dev.upwatch.core.account.SessionStore;
import dev.upwatch.core.account.UserName;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.persistence.schema.tables.records.ConsoleSessionRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.JooqAccountStore.toDatabase;
import static dev.upwatch.persistence.schema.Tables.CONSOLE_SESSION;

/** {@link SessionStore} on the {@code console_session} table, for PostgreSQL and H2 alike. */
final class JooqSessionStore implements SessionStore {
    private final DSLContext dsl;

    JooqSessionStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void open(Session session) {
        Objects.requireNonNull(session, "session");
        dsl.insertInto(CONSOLE_SESSION, CONSOLE_SESSION.DIGEST, CONSOLE_SESSION.ACCOUNT, CONSOLE_SESSION.CSRF_TOKEN,
                        CONSOLE_SESSION.CREATED_AT, CONSOLE_SESSION.EXPIRES_AT, CONSOLE_SESSION.ABSOLUTE_END)
                .values(session.digest().hex(), session.account().value(), session.csrfToken(),
                        toDatabase(session.createdAt()), toDatabase(session.expiresAt()), toDatabase(session.absoluteEnd()))
                .execute();
    }

    @Override
    public Optional<Session> find(TokenDigest digest) {
        Objects.requireNonNull(digest, "digest");
        return dsl.selectFrom(CONSOLE_SESSION).where(CONSOLE_SESSION.DIGEST.eq(digest.hex())).fetchOptional()
                .map(JooqSessionStore::session);
    }

    @Override
    public void extend(TokenDigest digest, Instant expiresAt) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(expiresAt, "expiresAt");
        dsl.update(CONSOLE_SESSION).set(CONSOLE_SESSION.EXPIRES_AT, toDatabase(expiresAt))
                .where(CONSOLE_SESSION.DIGEST.eq(digest.hex())).execute();
    }

    @Override
    public boolean end(TokenDigest digest) {
        Objects.requireNonNull(digest, "digest");
        return dsl.deleteFrom(CONSOLE_SESSION).where(CONSOLE_SESSION.DIGEST.eq(digest.hex())).execute() == 1;
    }

    @Override
    public int endExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return dsl.deleteFrom(CONSOLE_SESSION).where(CONSOLE_SESSION.EXPIRES_AT.le(toDatabase(now))).execute();
    }

    private static Session session(ConsoleSessionRecord row) {
        return new Session(new TokenDigest(row.getDigest()), new UserName(row.getAccount()), row.getCsrfToken(),
                row.getCreatedAt().toInstant(), row.getExpiresAt().toInstant(), row.getAbsoluteEnd().toInstant());
    }
}
