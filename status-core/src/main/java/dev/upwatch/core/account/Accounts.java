package dev.upwatch.core.account;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console accounts' use cases: add a user, change a password or a role, remove a user, and check a password.
 * The password rules live here, once, for the command line and the console alike.
 */
public final class Accounts {
    /**
     * Shortest password, in characters: NIST SP 800-63B-4 asks for at least 15 where a password is the only factor,
     * as here.
     */
    public static final int MIN_PASSWORD_LENGTH = 15;
    /** Longest password, in characters: enough for any passphrase, and bounds the work of one hash. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private final AccountStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    /** Checked against when the name is unknown, so an unknown name takes as long as a wrong password. */
    private volatile String decoy;

    public Accounts(AccountStore store, PasswordHasher hasher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a user.
     *
     * @throws IllegalArgumentException naming the field: a password outside the rules, or a name already taken
     */
    public Account add(UserName name, Role role, char[] password) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        checkPassword(password);
        if (store.find(name).isPresent()) {
            throw new IllegalArgumentException("name: a user named " + name + " exists already");
        }
        var now = clock.instant();
        Account account = new Account(name, role, hasher.hash(password), now, now);
        store.add(account);
        return account;
    }

    /**
     * Sets a new password; every session of the user ends.
     *
     * @return false when there is no such user
     * @throws IllegalArgumentException when the password breaks the rules
     */
    public boolean changePassword(UserName name, char[] password) {
        Objects.requireNonNull(name, "name");
        checkPassword(password);
        return store.changePassword(name, hasher.hash(password), clock.instant());
    }

    /** Gives the user another role; false when there is no such user. */
    public boolean changeRole(UserName name, Role role) {
        return store.changeRole(Objects.requireNonNull(name, "name"), Objects.requireNonNull(role, "role"));
    }

    /** Removes the user and ends their sessions; false when there is no such user. */
    public boolean remove(UserName name) {
        return store.remove(Objects.requireNonNull(name, "name"));
    }

    /** The user named {@code name}. */
    public Optional<Account> find(UserName name) {
        return store.find(Objects.requireNonNull(name, "name"));
    }

    /** Every user, by name. */
    public List<Account> list() {
        return store.list();
    }

    /**
     * The account whose name and password these are. Costs one hash whether or not the name exists, so the time
     * does not tell which names exist; a password outside the length rules is refused without hashing.
     */
    public Optional<Account> authenticate(String name, char[] password) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        Optional<Account> account;
        try {
            account = store.find(new UserName(name));
        } catch (IllegalArgumentException e) {
            account = Optional.empty();
        }
        if (account.isEmpty()) {
            hasher.matches(password, decoy());
            return Optional.empty();
        }
        return hasher.matches(password, account.get().passwordHash()) ? account : Optional.empty();
    }

    private String decoy() {
        String hash = decoy;
        if (hash == null) {
            char[] random = new char[32];
            Arrays.fill(random, 'x');
            hash = hasher.hash(random);
            decoy = hash;
        }
        return hash;
    }

    /**
     * Checks {@code password} against the rules: {@value #MIN_PASSWORD_LENGTH} to {@value #MAX_PASSWORD_LENGTH}
     * characters, not only spaces, no line breaks or other control characters (they cannot be typed back reliably).
     *
     * @throws IllegalArgumentException saying which rule the password breaks
     */
    public static void checkPassword(char[] password) {
        Objects.requireNonNull(password, "password");
        int length = Character.codePointCount(password, 0, password.length);
        if (length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: must be at least " + MIN_PASSWORD_LENGTH
                    + " characters long, got " + length);
        }
        if (length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: must be at most " + MAX_PASSWORD_LENGTH + " characters long");
        }
        boolean blank = true;
        for (char c : password) {
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("password: must not contain control characters (line breaks, tabs)");
            }
            blank &= Character.isWhitespace(c);
        }
        if (blank) {
            throw new IllegalArgumentException("password: must not be only spaces");
        }
    }
}
