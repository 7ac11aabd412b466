package dev.upwatch.persistence;

import dev.upwatch.core.account.Account;
import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.Session;
import dev.upwatch.core.account.SessionStore;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.account.AccountStore;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link AccountStore}, {@link SessionStore} and audit log on a real database must do (a password change or
 * a removal ends the account's sessions); each subclass runs it against one database product,
 * with a fresh, empty, migrated database per test.
 */
abstract class AccountStoreContract extends FreshDatabaseTest {
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    protected AccountStore store;

    @BeforeEach
    void openStore() {
        store = database.accountStore();
    }

    private static Account account(String name, Role role) {
        return new Account(new UserName(name), role, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", NOON, NOON);
    }

    @Test
    void roundTripsEveryFieldAndListsByName() {
        Account zoe = account("zoe@example.org", Role.VIEWER);
        Account ada = account("ada", Role.ADMIN);
        store.add(zoe);
        store.add(ada);
        assertEquals(List.of(ada, zoe), store.list());
        assertEquals(Optional.of(zoe), store.find(new UserName("zoe@example.org")));
        assertEquals(Optional.empty(), store.find(new UserName("bob")));
    }

    @Test
    void refusesATakenNameNamingTheField() {
        store.add(account("ada", Role.ADMIN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.add(account("ada", Role.VIEWER)));
        assertTrue(e.getMessage().startsWith("name: "), e.getMessage());
        assertEquals(Role.ADMIN, store.find(new UserName("ada")).orElseThrow().role());
    }

    @Test
    void changesPasswordRoleAndRemoves() {
        store.add(account("ada", Role.EDITOR));
        UserName ada = new UserName("ada");
        assertTrue(store.changePassword(ada, "new-hash", NOON.plusSeconds(60)));
        assertTrue(store.changeRole(ada, Role.ADMIN));
        Account changed = store.find(ada).orElseThrow();
        assertEquals("new-hash", changed.passwordHash());
        assertEquals(NOON.plusSeconds(60), changed.passwordChangedAt());
        assertEquals(NOON, changed.createdAt());
        assertEquals(Role.ADMIN, changed.role());
        assertTrue(store.remove(ada));
        assertEquals(Optional.empty(), store.find(ada));
        assertFalse(store.remove(ada));
        assertFalse(store.changePassword(ada, "x", NOON));
        assertFalse(store.changeRole(ada, Role.VIEWER));
    }

    private static Session session(String secret, String account, Instant expires) {
        return new Session(TokenDigest.of(secret), new UserName(account), "csrf-" + secret, NOON, expires,
                NOON.plusSeconds(3600));
    }

    @Test
    void keepsSessionsUntilTheyEndAndEndsThemWithAPasswordChangeOrRemoval() {
        SessionStore sessions = database.sessionStore();
        store.add(account("ada", Role.EDITOR));
        store.add(account("bob", Role.VIEWER));
        Session ada1 = session("a1", "ada", NOON.plusSeconds(60));
        Session ada2 = session("a2", "ada", NOON.plusSeconds(600));
        Session bob = session("b1", "bob", NOON.plusSeconds(600));
        sessions.open(ada1);
        sessions.open(ada2);
        sessions.open(bob);
        assertEquals(Optional.of(ada1), sessions.find(TokenDigest.of("a1")));

        sessions.extend(ada1.digest(), NOON.plusSeconds(120));
        assertEquals(NOON.plusSeconds(120), sessions.find(ada1.digest()).orElseThrow().expiresAt());
        assertEquals(1, sessions.endExpired(NOON.plusSeconds(120)), "ended exactly at its end");
        assertEquals(Optional.empty(), sessions.find(ada1.digest()));

        assertTrue(store.changePassword(new UserName("ada"), "new-hash", NOON.plusSeconds(5)));
        assertEquals(Optional.empty(), sessions.find(ada2.digest()), "a password change ends the sessions");
        assertEquals(Optional.of(bob), sessions.find(bob.digest()), "of that account only");
        assertTrue(store.remove(new UserName("bob")));
        assertEquals(Optional.empty(), sessions.find(bob.digest()));
        assertFalse(sessions.end(bob.digest()));
    }

    @Test
    void auditLogKeepsEntriesNewestFirstInTheOrderRecorded() {
        var log = database.auditLog();
        AuditEntry first = new AuditEntry(NOON, "user:ada", "POST /admin/incidents", "/admin/incidents", "303");
        AuditEntry second = new AuditEntry(NOON, "token:t1", "DELETE /api/v1/admin/monitors/x", "x", "204");
        AuditEntry third = new AuditEntry(NOON.plusSeconds(1), "cli", "user add", "zoë ✓", "0");
        log.record(first);
        log.record(second);
        log.record(third);
        assertEquals(List.of(third, second, first), log.newest(10));
        assertEquals(List.of(third), log.newest(1));
    }
}
