package dev.upwatch.core.account;

import java.time.Instant;
import java.util.Objects;

/**
 * A console user as stored: never the password, only its hash.
 *
 * @param name              the user's name
 * @param role              what the user may do
 * @param passwordHash      the password's hash in the hasher's text form (e.g. an Argon2id PHC string)
 * @param createdAt         when the account was made
 * @param passwordChangedAt when the password was last set (sessions older than this are void)
 */
public record Account(UserName name, Role role, String passwordHash, Instant createdAt, Instant passwordChangedAt) {
    public Account {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
    }

    /** The hash is not shown in logs. */
    @Override
    public String toString() {
        return "Account[" + name + ", " + role.wireName() + ", created " + createdAt + "]";
    }
}
