package dev.upwatch.core.account;

import dev.upwatch.core.model.TokenDigest;

import java.time.Instant;
import java.util.Optional;

/** Durable storage of console sessions (their digests); {@link AccountStore} ends an account's sessions with it. */
public interface SessionStore {

    /** Stores a new session. */
    void open(Session session);

    /** The session whose secret has this digest, ended by time or not. */
    Optional<Session> find(TokenDigest digest);

    /** Moves the session's end to {@code expiresAt}; nothing when it is gone. */
    void extend(TokenDigest digest, Instant expiresAt);

    /** Ends the session; false when there was none. */
    boolean end(TokenDigest digest);

    /** Deletes the sessions that ended by {@code now}; returns how many. */
    int endExpired(Instant now);
}
