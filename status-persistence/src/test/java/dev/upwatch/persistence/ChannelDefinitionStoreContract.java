package dev.upwatch.persistence;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.port.ChannelDefinitionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link ChannelDefinitionStore} on a real database must do; each subclass runs it against one database
 * product, with a fresh, empty, migrated database per test.
 */
abstract class ChannelDefinitionStoreContract extends FreshDatabaseTest {
    static final String API = "api";
    static final String WEB = "web";
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    protected ChannelDefinitionStore store;

    @BeforeEach
    void openStore() {
        store = database.channelDefinitionStore();
    }

    @Test
    void roundTripsEveryFieldAndListsOldestFirst() {
        ChannelDefinition web = new ChannelDefinition(WEB, "{\"id\":\"web\",\"type\":\"http\",\"url\":\"https://x.test/ü\"}",
                NOON, NOON.plusSeconds(5));
        ChannelDefinition api = new ChannelDefinition(API, "{\"id\":\"api\"}", NOON.plusSeconds(1), NOON.plusSeconds(1));
        store.save(api);
        store.save(web);
        assertEquals(List.of(web, api), store.all());
        assertEquals(Optional.of(web), store.find(WEB));
        assertEquals(Optional.empty(), store.find("nope"));
    }

    @Test
    void savingAgainReplacesTheDefinition() {
        store.save(new ChannelDefinition(API, "{\"v\":1}", NOON, NOON));
        ChannelDefinition changed = new ChannelDefinition(API, "{\"v\":2}", NOON, NOON.plusSeconds(60));
        store.save(changed);
        assertEquals(List.of(changed), store.all());
    }

    @Test
    void deleteRemovesOnlyThatDefinitionAndSaysWhetherThereWasOne() {
        store.save(new ChannelDefinition(API, "{}", NOON, NOON));
        store.save(new ChannelDefinition(WEB, "{}", NOON, NOON));
        assertTrue(store.delete(API));
        assertFalse(store.delete(API));
        assertEquals(List.of(WEB), store.all().stream().map(ChannelDefinition::id).toList());
    }

    @Test
    void aLargeDefinitionSurvivesWhole() {
        String document = "{\"name\":\"" + "x".repeat(ChannelDefinition.MAX_DOCUMENT_LENGTH - 11) + "\"}";
        store.save(new ChannelDefinition(API, document, NOON, NOON));
        assertEquals(document, store.find(API).orElseThrow().document());
    }
}
