package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryApiTokenStore;
import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.model.TokenSecret;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokensTest {
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    private final InMemoryApiTokenStore store = new InMemoryApiTokenStore();
    private final ApiToken fromConfig = ApiToken.issued("ci", "ci", TokenScope.READ, TokenDigest.of("upw_configured"), NOON);
    private final ApiTokens tokens = new ApiTokens(store, List.of(fromConfig), Clock.fixed(NOON, ZoneOffset.UTC));

    @Test
    void secretsAreRandomPrefixedAndOnlyTheirDigestIsStored() {
        ApiTokens.Issued one = tokens.create("deploy", TokenScope.ADMIN);
        ApiTokens.Issued two = tokens.create("deploy", TokenScope.ADMIN);
        assertTrue(one.secret().value().startsWith("upw_"));
        assertEquals(4 + 43, one.secret().value().length(), "256 random bits in base64url");
        assertNotEquals(one.secret(), two.secret());
        assertNotEquals(one.token().id(), two.token().id());
        assertEquals(TokenDigest.of(one.secret().value()), store.list().get(0).digest());
        assertFalse(store.list().toString().contains(one.secret().value()));
        assertFalse(one.secret().toString().contains(one.secret().value().substring(4)), "toString masks the secret");
    }

    @Test
    void authenticatesUntilRevoked() {
        ApiTokens.Issued issued = tokens.create("deploy", TokenScope.ADMIN);
        assertEquals(Optional.of(TokenScope.ADMIN), tokens.authenticate(issued.secret().value()).map(ApiToken::scope));
        assertEquals(Optional.of(NOON), store.list().get(0).lastUsedAt());
        assertTrue(tokens.revoke(issued.token().id()));
        assertFalse(tokens.revoke(issued.token().id()), "already revoked");
        assertEquals(Optional.empty(), tokens.authenticate(issued.secret().value()));
    }

    @Test
    void configuredTokensAuthenticateAndCannotBeRevokedHere() {
        assertEquals(Optional.of(fromConfig), tokens.authenticate("upw_configured"));
        assertThrows(IllegalArgumentException.class, () -> tokens.revoke("ci"));
        assertEquals(List.of(fromConfig), tokens.list());
    }

    @Test
    void unknownSecretsAuthenticateNothing() {
        tokens.create("deploy", TokenScope.ADMIN);
        assertEquals(Optional.empty(), tokens.authenticate(TokenSecret.generate().value()));
        assertEquals(Optional.empty(), tokens.authenticate(""));
    }

    @Test
    void scopes() {
        assertTrue(TokenScope.ADMIN.covers(TokenScope.READ));
        assertFalse(TokenScope.READ.covers(TokenScope.ADMIN));
        assertEquals(TokenScope.ADMIN, TokenScope.fromWireName("admin"));
        assertThrows(IllegalArgumentException.class, () -> TokenScope.fromWireName("root"));
        assertThrows(IllegalArgumentException.class, () -> TokenDigest.parse("md5:abc"));
        TokenDigest digest = TokenDigest.of("x");
        assertEquals(digest, TokenDigest.parse(digest.toString()));
        assertTrue(Duration.ofMinutes(1).equals(ApiTokens.LAST_USED_RESOLUTION));
    }
}
