package dev.upwatch.core.memory;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.port.ApiTokenStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An {@link ApiTokenStore} in memory, for embedding without a database and for tests. */
public final class InMemoryApiTokenStore implements ApiTokenStore {
    private final Map<String, ApiToken> tokens = new LinkedHashMap<>();

    @Override
    public synchronized void add(ApiToken token) {
        Objects.requireNonNull(token, "token");
        if (tokens.containsKey(token.id()) || findByDigest(token.digest()).isPresent()) {
            throw new IllegalArgumentException("a token with id " + token.id() + " or the same digest exists");
        }
        tokens.put(token.id(), token);
    }

    @Override
    public synchronized Optional<ApiToken> findByDigest(TokenDigest digest) {
        Objects.requireNonNull(digest, "digest");
        return tokens.values().stream().filter(t -> t.digest().equals(digest)).findFirst();
    }

    @Override
    public synchronized List<ApiToken> list() {
        return List.copyOf(new ArrayList<>(tokens.values()));
    }

    @Override
    public synchronized boolean revoke(String id, Instant at) {
        Objects.requireNonNull(at, "at");
        ApiToken token = tokens.get(Objects.requireNonNull(id, "id"));
        if (token == null || !token.isActive()) {
            return false;
        }
        tokens.put(id, new ApiToken(token.id(), token.name(), token.scope(), token.digest(), token.createdAt(),
                token.lastUsedAt(), Optional.of(at)));
        return true;
    }

    @Override
    public synchronized void markUsed(String id, Instant at) {
        Objects.requireNonNull(at, "at");
        ApiToken token = tokens.get(Objects.requireNonNull(id, "id"));
        if (token != null) {
            tokens.put(id, new ApiToken(token.id(), token.name(), token.scope(), token.digest(), token.createdAt(),
                    Optional.of(at), token.revokedAt()));
        }
    }
}
