package dev.upwatch.web.account;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.account.AccountStore;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.PasswordHasher;

import java.time.Clock;

/**
 * Console accounts: Argon2id password hashes and the accounts' use cases (the stores they use are bound with the other
 * persistence adapters, in {@code PersistenceModule}).
 */
public final class AccountModule extends AbstractModule {

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
