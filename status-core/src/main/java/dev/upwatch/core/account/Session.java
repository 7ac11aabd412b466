package dev.upwatch.core.account;

import dev.upwatch.core.model.TokenDigest;

import java.time.Instant;
import java.util.Objects;

/**
 * A console session as stored: the digest of the cookie's secret (never the secret), whose it is, the synchronizer
 * token its forms carry, and when it ends.
 *
 * @param digest      SHA-256 of the session secret
 * @param account     the signed-in user
 * @param csrfToken   the token every state-changing request of this session must carry
 * @param createdAt   when the user signed in
 * @param expiresAt   when it ends unless used (moved forward on use)
 * @param absoluteEnd when it ends whatever its use
 */
public record Session(TokenDigest digest, UserName account, String csrfToken, Instant createdAt, Instant expiresAt,
                      Instant absoluteEnd) {
    public Session {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(absoluteEnd, "absoluteEnd");
        if (expiresAt.isAfter(absoluteEnd)) {
            throw new IllegalArgumentException("expiresAt must not be after absoluteEnd");
        }
    }

    /** True when the session has ended by time at {@code now}. */
    public boolean endedAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The digest and times only. */
    @Override
    public String toString() {
        return "Session[" + account + ", created " + createdAt + ", expires " + expiresAt + "]";
    }
}
