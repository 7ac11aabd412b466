package dev.upwatch.core.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link AccountStore} in a map, for tests of the rules (the real ones are tested in status-persistence). */
final class InMemoryAccountStore implements AccountStore {
    private final Map<String, Account> accounts = new TreeMap<>();

    @Override
    public synchronized void add(Account account) {
        if (accounts.putIfAbsent(account.name().value(), account) != null) {
            throw new IllegalArgumentException("name: a user named " + account.name() + " exists already");
        }
    }

    @Override
    public synchronized Optional<Account> find(UserName name) {
        return Optional.ofNullable(accounts.get(name.value()));
    }

    @Override
    public synchronized List<Account> list() {
        return List.copyOf(accounts.values());
    }

    @Override
    public synchronized boolean changePassword(UserName name, String passwordHash, Instant at) {
        return accounts.computeIfPresent(name.value(),
                (n, a) -> new Account(a.name(), a.role(), passwordHash, a.createdAt(), at)) != null;
    }

    @Override
    public synchronized boolean changeRole(UserName name, Role role) {
        return accounts.computeIfPresent(name.value(),
                (n, a) -> new Account(a.name(), role, a.passwordHash(), a.createdAt(), a.passwordChangedAt())) != null;
    }

    @Override
    public synchronized boolean remove(UserName name) {
        return accounts.remove(name.value()) != null;
    }
}
