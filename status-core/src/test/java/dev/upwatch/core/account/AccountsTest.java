package dev.upwatch.core.account;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account rules: names, roles, password length and content, and one hash per sign-in whether or not the name exists. */
class AccountsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** Reversed text as a "hash", counting the checks: the rules, not the cryptography, are under test here. */
    private static final class CountingHasher implements PasswordHasher {
        int checks;

        @Override
        public String hash(char[] password) {
            return "h:" + new StringBuilder(new String(password)).reverse();
        }

        @Override
        public boolean matches(char[] password, String hash) {
            checks++;
            return hash.equals(hash(password));
        }
    }

    private final CountingHasher hasher = new CountingHasher();
    private final Accounts accounts = new Accounts(new InMemoryAccountStore(), hasher, Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            short                | password: must be at least 15 characters long, got 5
            fourteen chars       | password: must be at least 15 characters long, got 14
            '                  ' | password: must not be only spaces
            """)
    void refusesPasswordsOutsideTheRulesNamingTheField(String password, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accounts.add(new UserName("ada"), Role.ADMIN, password.toCharArray()));
        assertEquals(message, e.getMessage());
        assertEquals(Optional.empty(), accounts.find(new UserName("ada")));
    }

    @Test
    void refusesControlCharactersAndOverlongPasswords() {
        assertEquals("password: must not contain control characters (line breaks, tabs)", assertThrows(
                IllegalArgumentException.class, () -> Accounts.checkPassword("a long passphrase\twith a tab".toCharArray()))
                .getMessage());
        assertEquals("password: must be at most 1024 characters long", assertThrows(IllegalArgumentException.class,
                () -> Accounts.checkPassword("x".repeat(1025).toCharArray())).getMessage());
        Accounts.checkPassword("fifteen chars!!".toCharArray());
        Accounts.checkPassword("🔑".repeat(15).toCharArray()); // 15 characters in 30 UTF-16 units
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Ada", "-ada", "ada smith", "ada:x", "a/b"})
    void refusesNamesOfAnotherShape(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UserName(name));
        assertTrue(e.getMessage().startsWith("name: "), e.getMessage());
    }

    @Test
    void rolesCoverTheOnesBelowThem() {
        assertTrue(Role.ADMIN.covers(Role.EDITOR));
        assertTrue(Role.EDITOR.covers(Role.EDITOR));
        assertFalse(Role.VIEWER.covers(Role.EDITOR));
        assertEquals(Role.EDITOR, Role.fromWireName("editor"));
        assertEquals("role: 'root' is not one of viewer, editor, admin",
                assertThrows(IllegalArgumentException.class, () -> Role.fromWireName("root")).getMessage());
    }

    @Test
    void authenticatesWithOneHashWhetherOrNotTheNameExists() {
        accounts.add(new UserName("ada"), Role.EDITOR, "a long enough passphrase".toCharArray());
        assertEquals(Role.EDITOR, accounts.authenticate("ada", "a long enough passphrase".toCharArray())
                .orElseThrow().role());
        assertEquals(1, hasher.checks);
        assertEquals(Optional.empty(), accounts.authenticate("ada", "a wrong but long passphrase".toCharArray()));
        assertEquals(2, hasher.checks);
        assertEquals(Optional.empty(), accounts.authenticate("bob", "a long enough passphrase".toCharArray()));
        assertEquals(3, hasher.checks, "an unknown name costs a hash too");
        assertEquals(Optional.empty(), accounts.authenticate("Not A Name", "a long enough passphrase".toCharArray()));
        assertEquals(4, hasher.checks, "so does a name that cannot exist");
        assertEquals(Optional.empty(), accounts.authenticate("ada", new char[0]));
        assertEquals(4, hasher.checks, "an empty password is refused without one");
    }

    @Test
    void aNewPasswordReplacesTheOldOne() {
        UserName ada = new UserName("ada");
        accounts.add(ada, Role.VIEWER, "a long enough passphrase".toCharArray());
        assertTrue(accounts.changePassword(ada, "another long passphrase".toCharArray()));
        assertEquals(Optional.empty(), accounts.authenticate("ada", "a long enough passphrase".toCharArray()));
        assertTrue(accounts.authenticate("ada", "another long passphrase".toCharArray()).isPresent());
        assertFalse(accounts.changePassword(new UserName("bob"), "another long passphrase".toCharArray()));
        assertEquals("name: a user named ada exists already", assertThrows(IllegalArgumentException.class,
                () -> accounts.add(ada, Role.ADMIN, "a long enough passphrase".toCharArray())).getMessage());
    }
}
