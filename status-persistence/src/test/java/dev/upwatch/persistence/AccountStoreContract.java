package dev.upwatch.persistence;

import dev.upwatch.core.account.Account;
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
 * What every {@link AccountStore} on a real database must do; each subclass runs it against one database product,
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
}
