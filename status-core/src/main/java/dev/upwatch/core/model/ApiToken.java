package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API token as stored: never its secret, only the secret's digest.
 *
 * @param id         short public identifier, used to list and revoke it
 * @param name       what the token is for, chosen by its creator
 * @param scope      what it may do
 * @param digest     SHA-256 of the secret
 * @param createdAt  when it was made
 * @param lastUsedAt when it last authenticated a request (updated at most once a minute)
 * @param revokedAt  when it was revoked; a revoked token authenticates nothing
 */
public record ApiToken(String id, String name, TokenScope scope, TokenDigest digest, Instant createdAt,
                       Optional<Instant> lastUsedAt, Optional<Instant> revokedAt) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public ApiToken {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("token id '" + id + "' must be 1-32 of a-z, 0-9, '_' or '-'");
        }
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("token name must be 1 to 100 characters");
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** A new, never used, unrevoked token. */
    public static ApiToken issued(String id, String name, TokenScope scope, TokenDigest digest, Instant createdAt) {
        return new ApiToken(id, name, scope, digest, createdAt, Optional.empty(), Optional.empty());
    }

    /** True unless revoked. */
    public boolean isActive() {
        return revokedAt.isEmpty();
    }
}
