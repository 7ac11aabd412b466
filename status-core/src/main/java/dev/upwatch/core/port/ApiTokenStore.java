package dev.upwatch.core.port;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable storage of API tokens (their digests, never their secrets). */
public interface ApiTokenStore {

    /**
     * Stores a new token.
     *
     * @throws IllegalArgumentException when a token with the same id or digest is already stored
     */
    void add(ApiToken token);

    /** The token whose secret has this digest, revoked or not. */
    Optional<ApiToken> findByDigest(TokenDigest digest);

    /** Every token, revoked ones included, oldest first. */
    List<ApiToken> list();

    /** Revokes the token {@code id} at {@code at}; false when there is no such token or it was already revoked. */
    boolean revoke(String id, Instant at);

    /** Records that the token {@code id} authenticated a request at {@code at}. */
    void markUsed(String id, Instant at);
}
