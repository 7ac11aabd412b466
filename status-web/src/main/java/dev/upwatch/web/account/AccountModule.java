package dev.upwatch.web.account;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.account.AccountStore;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.account.PasswordHasher;
import dev.upwatch.core.account.SessionStore;
import dev.upwatch.persistence.Database;

import java.time.Clock;

/** Console accounts: the stored accounts, sessions and audit log, Argon2id password hashes and the accounts' use cases. */
public final class AccountModule extends AbstractModule {

    @Provides
    @Singleton
    AccountStore accountStore(Database database) {
        return database.accountStore();
    }

    @Provides
    @Singleton
    SessionStore sessionStore(Database database) {
        return database.sessionStore();
    }

    @Provides
    @Singleton
    AuditLog auditLog(Database database) {
        return database.auditLog();
    }

    @Provides
    @Singleton
    PasswordHasher passwordHasher() {
        return new Argon2idPasswords();
    }

    @Provides
    @Singleton
    Accounts accounts(AccountStore store, PasswordHasher hasher, Clock clock) {
        return new Accounts(store, hasher, clock);
    }
}
