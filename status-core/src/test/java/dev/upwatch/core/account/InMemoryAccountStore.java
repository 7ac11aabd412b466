package dev.upwatch.core.account;

import dev.upwatch.core.model.TokenDigest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link AccountStore} and {@link SessionStore} in maps, for tests of the rules (the real ones are tested in
 * status-persistence); a password change or removal ends the account's sessions, as there.
 */
final class InMemoryAccountStore implements AccountStore, SessionStore {
    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<TokenDigest, Session> sessions = new HashMap<>();

    @Override
    public synchronized void open(Session session) {
        sessions.put(session.digest(), session);
    }

    @Override
    public synchronized Optional<Session> find(TokenDigest digest) {
        return Optional.ofNullable(sessions.get(digest));
    }

    @Override
    public synchronized void extend(TokenDigest digest, Instant expiresAt) {
        sessions.computeIfPresent(digest, (d, s) -> new Session(d, s.account(), s.csrfToken(), s.createdAt(), expiresAt,
                s.absoluteEnd()));
    }

    @Override
    public synchronized boolean end(TokenDigest digest) {
        return sessions.remove(digest) != null;
    }

    @Override
    public synchronized int endExpired(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(s -> s.endedAt(now));
        return before - sessions.size();
    }

    /** Sessions stored. */
    synchronized int sessionCount() {
        return sessions.size();
    }

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
        sessions.values().removeIf(s -> s.account().equals(name));
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
        sessions.values().removeIf(s -> s.account().equals(name));
        return accounts.remove(name.value()) != null;
    }
}
