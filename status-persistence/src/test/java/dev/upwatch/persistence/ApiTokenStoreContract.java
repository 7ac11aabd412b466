package dev.upwatch.persistence;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.port.AgentStore;
import dev.upwatch.core.port.ApiTokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ApiTokenStore} on a real database must do; each subclass runs it against one database product,
 * with a fresh, empty, migrated database per test.
 */
abstract class ApiTokenStoreContract extends FreshDatabaseTest {
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    protected ApiTokenStore store;

    @BeforeEach
    void openStore() {
        store = database.apiTokenStore();
    }

    private static ApiToken token(String id, TokenScope scope, Instant created) {
        return ApiToken.issued(id, "Zoë's \"deploy\" bot ✓", scope, TokenDigest.of("upw_" + id), created);
    }

    @Test
    void roundTripsEveryFieldAndFindsByDigest() {
        ApiToken admin = token("t1", TokenScope.ADMIN, NOON);
        ApiToken read = new ApiToken("t2", "read", TokenScope.READ, TokenDigest.of("upw_t2"), NOON.plusSeconds(1),
                Optional.of(NOON.plusSeconds(2)), Optional.of(NOON.plusSeconds(3)));
        store.add(read);
        store.add(admin);
        assertEquals(List.of(admin, read), store.list(), "oldest first");
        assertEquals(Optional.of(read), store.findByDigest(TokenDigest.of("upw_t2")));
        assertEquals(Optional.empty(), store.findByDigest(TokenDigest.of("upw_t3")));
    }

    @Test
    void anAgentTokenIsBoundToOneLocationAndItsHighWaterMarkMovesOnlyFromWhereItWas() {
        store.add(token("a1", TokenScope.AGENT, NOON));
        AgentStore agents = database.agentStore();
        agents.register("a1", Location.of("office"));
        assertThrows(IllegalArgumentException.class, () -> agents.register("a1", Location.of("lab")));
        assertThrows(IllegalArgumentException.class, () -> agents.register("unknown", Location.of("lab")),
                "only a stored token can be bound");
        assertEquals(List.of(Agent.registered("a1", Location.of("office"))), agents.list());

        assertTrue(agents.advance("a1", 0, 7, NOON));
        assertFalse(agents.advance("a1", 0, 9, NOON.plusSeconds(1)), "another node moved it first");
        agents.contacted("a1", NOON.plusSeconds(2));
        assertEquals(Optional.of(new Agent("a1", Location.of("office"), 7, Optional.of(NOON.plusSeconds(2)))),
                agents.find("a1"));
        assertEquals(Optional.empty(), agents.find("a2"));
    }

    @Test
    void rejectsADuplicateIdOrDigest() {
        store.add(token("t1", TokenScope.READ, NOON));
        assertThrows(IllegalArgumentException.class, () -> store.add(token("t1", TokenScope.ADMIN, NOON)));
        assertThrows(IllegalArgumentException.class, () -> store.add(new ApiToken("t9", "x", TokenScope.READ,
                TokenDigest.of("upw_t1"), NOON, Optional.empty(), Optional.empty())));
        assertEquals(1, store.list().size());
    }

    @Test
    void revokesOnceAndRecordsUse() {
        store.add(token("t1", TokenScope.ADMIN, NOON));
        store.markUsed("t1", NOON.plusSeconds(60));
        assertEquals(Optional.of(NOON.plusSeconds(60)), store.list().get(0).lastUsedAt());
        assertTrue(store.revoke("t1", NOON.plusSeconds(120)));
        assertFalse(store.revoke("t1", NOON.plusSeconds(180)), "already revoked");
        assertFalse(store.revoke("nope", NOON), "no such token");
        ApiToken revoked = store.findByDigest(TokenDigest.of("upw_t1")).orElseThrow();
        assertEquals(Optional.of(NOON.plusSeconds(120)), revoked.revokedAt());
        assertFalse(revoked.isActive());
    }
}
