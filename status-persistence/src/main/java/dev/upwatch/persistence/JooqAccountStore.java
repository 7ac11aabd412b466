package dev.upwatch.persistence;

import dev.upwatch.core.account.Account;
import dev.upwatch.core.account.AccountStore;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import dev.upwatch.persistence.schema.tables.records.ConsoleAccountRecord;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.CONSOLE_ACCOUNT;
import static dev.upwatch.persistence.schema.Tables.CONSOLE_SESSION;

/**
 * {@link AccountStore} on the {@code console_account} table, for PostgreSQL and H2 alike; a password change deletes
 * the account's {@code console_session} rows in the same transaction. Instants are kept to the microsecond.
 */
final class JooqAccountStore implements AccountStore {
    private final DSLContext dsl;

    JooqAccountStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void add(Account account) {
        Objects.requireNonNull(account, "account");
        try {
            dsl.insertInto(CONSOLE_ACCOUNT, CONSOLE_ACCOUNT.NAME, CONSOLE_ACCOUNT.ROLE, CONSOLE_ACCOUNT.PASSWORD_HASH,
                            CONSOLE_ACCOUNT.CREATED_AT, CONSOLE_ACCOUNT.PASSWORD_CHANGED_AT)
                    .values(account.name().value(), account.role().wireName(), account.passwordHash(),
                            toDatabase(account.createdAt()), toDatabase(account.passwordChangedAt()))
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("name: a user named " + account.name() + " exists already", e);
        }
    }

    @Override
    public Optional<Account> find(UserName name) {
        Objects.requireNonNull(name, "name");
        return dsl.selectFrom(CONSOLE_ACCOUNT).where(CONSOLE_ACCOUNT.NAME.eq(name.value())).fetchOptional()
                .map(JooqAccountStore::account);
    }

    @Override
    public List<Account> list() {
        return dsl.selectFrom(CONSOLE_ACCOUNT).orderBy(CONSOLE_ACCOUNT.NAME.asc()).fetch(JooqAccountStore::account);
    }

    @Override
    public boolean changePassword(UserName name, String passwordHash, Instant at) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(at, "at");
        return dsl.transactionResult(tx -> {
            int changed = tx.dsl().update(CONSOLE_ACCOUNT).set(CONSOLE_ACCOUNT.PASSWORD_HASH, passwordHash)
                    .set(CONSOLE_ACCOUNT.PASSWORD_CHANGED_AT, toDatabase(at))
                    .where(CONSOLE_ACCOUNT.NAME.eq(name.value())).execute();
            tx.dsl().deleteFrom(CONSOLE_SESSION).where(CONSOLE_SESSION.ACCOUNT.eq(name.value())).execute();
            return changed == 1;
        });
    }

    @Override
    public boolean changeRole(UserName name, Role role) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        return dsl.update(CONSOLE_ACCOUNT).set(CONSOLE_ACCOUNT.ROLE, role.wireName())
                .where(CONSOLE_ACCOUNT.NAME.eq(name.value())).execute() == 1;
    }

    @Override
    public boolean remove(UserName name) {
        Objects.requireNonNull(name, "name");
        return dsl.transactionResult(tx -> {
            tx.dsl().deleteFrom(CONSOLE_SESSION).where(CONSOLE_SESSION.ACCOUNT.eq(name.value())).execute();
            return tx.dsl().deleteFrom(CONSOLE_ACCOUNT).where(CONSOLE_ACCOUNT.NAME.eq(name.value())).execute() == 1;
        });
    }

    private static Account account(ConsoleAccountRecord row) {
        return new Account(new UserName(row.getName()), Role.fromWireName(row.getRole()), row.getPasswordHash(),
                row.getCreatedAt().toInstant(), row.getPasswordChangedAt().toInstant());
    }

    static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
