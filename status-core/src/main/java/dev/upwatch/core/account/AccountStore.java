package dev.upwatch.core.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of console accounts. Changing an account's password or removing it also ends every session of the
 * account, in the same transaction (so no session outlives the password it was opened with).
 */
public interface AccountStore {

    /**
     * Stores a new account.
     *
     * @throws IllegalArgumentException when an account of that name exists
     */
    void add(Account account);

    /** The account named {@code name}. */
    Optional<Account> find(UserName name);

    /** Every account, by name. */
    List<Account> list();

    /** Sets the password hash and ends the account's sessions; false when there is no such account. */
    boolean changePassword(UserName name, String passwordHash, Instant at);

    /** Sets the role; false when there is no such account. */
    boolean changeRole(UserName name, Role role);

    /** Removes the account and its sessions; false when there is no such account. */
    boolean remove(UserName name);
}
