package dev.upwatch.probes.redis;

import java.util.Objects;
import java.util.Optional;

/**
 * How a Redis probe logs in.
 *
 * @param username the ACL user (Redis 6+), or empty for the legacy {@code requirepass} password alone
 * @param password the password, if the server asks for one
 * @param database the database selected after login (0 needs no {@code SELECT})
 */
record RedisLogin(Optional<String> username, Optional<String> password, int database) {
    RedisLogin {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Whether anything is sent between connecting and the command. */
    boolean sendsAnything() {
        return password.isPresent() || database != 0;
    }

    @Override
    public String toString() {
        return "RedisLogin[username=" + username.orElse("") + ", database=" + database + "]"; // never the password
    }
}
