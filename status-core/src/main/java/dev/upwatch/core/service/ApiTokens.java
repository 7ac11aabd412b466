package dev.upwatch.core.service;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.model.TokenSecret;
import dev.upwatch.core.port.ApiTokenStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues, authenticates, lists and revokes API tokens: the stored ones plus those given (as digests) in the
 * configuration. Every authentication reads the store, so a revocation takes effect on the very next request.
 */
public final class ApiTokens {
    /** {@code lastUsedAt} is written at most this often per token, not on every request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenStore store;
    private final List<ApiToken> configured;
    private final Clock clock;

    /**
     * @param store      the stored tokens
     * @param configured tokens from the configuration: never revoked or touched here, fixed until a restart
     * @param clock      for creation, use and revocation times
     */
    public ApiTokens(ApiTokenStore store, List<ApiToken> configured, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.configured = List.copyOf(configured);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new token and its secret (shown once). */
    public record Issued(ApiToken token, TokenSecret secret) {
        public Issued {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** Makes and stores a new token; only the returned secret can ever authenticate with it. */
    public Issued create(String name, TokenScope scope) {
        TokenSecret secret = TokenSecret.generate();
        byte[] id = new byte[4];
        RANDOM.nextBytes(id);
        ApiToken token = ApiToken.issued("t" + HexFormat.of().formatHex(id), name, scope, secret.digest(), clock.instant());
        store.add(token);
        return new Issued(token, secret);
    }

    /**
     * The active token whose secret is {@code presented}, after recording its use; empty for an unknown or
     * revoked secret.
     */
    public Optional<ApiToken> authenticate(String presented) {
        Objects.requireNonNull(presented, "presented");
        TokenDigest digest = TokenDigest.of(presented);
        for (ApiToken token : configured) {
            if (token.digest().matches(digest)) {
                return Optional.of(token);
            }
        }
        Optional<ApiToken> stored = store.findByDigest(digest).filter(ApiToken::isActive);
        stored.ifPresent(token -> {
            Instant now = clock.instant();
            if (token.lastUsedAt().map(at -> !at.plus(LAST_USED_RESOLUTION).isAfter(now)).orElse(true)) {
                store.markUsed(token.id(), now);
            }
        });
        return stored;
    }

    /** The configured tokens, then the stored ones (revoked included), oldest first. */
    public List<ApiToken> list() {
        List<ApiToken> all = new ArrayList<>(configured);
        all.addAll(store.list());
        return all;
    }

    /** True for a token from the configuration (not stored, not revocable here). */
    public boolean isConfigured(ApiToken token) {
        return configured.stream().anyMatch(t -> t.id().equals(token.id()));
    }

    /**
     * Revokes the stored token {@code id}; false when there is no such active stored token.
     *
     * @throws IllegalArgumentException for a token from the configuration (remove it there instead)
     */
    public boolean revoke(String id) {
        Objects.requireNonNull(id, "id");
        if (configured.stream().anyMatch(t -> t.id().equals(id))) {
            throw new IllegalArgumentException("token " + id + " comes from the configuration: remove it there");
        }
        return store.revoke(id, clock.instant());
    }
}
