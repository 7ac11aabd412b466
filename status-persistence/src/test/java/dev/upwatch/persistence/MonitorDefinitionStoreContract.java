package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorDefinitionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link MonitorDefinitionStore} on a real database must do; each subclass runs it against one database
 * product, with a fresh, empty, migrated database per test.
 */
abstract class MonitorDefinitionStoreContract extends FreshDatabaseTest {
    static final MonitorId API = MonitorId.of("api");
    static final MonitorId WEB = MonitorId.of("web");
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    protected MonitorDefinitionStore store;

    @BeforeEach
    void openStore() {
        store = database.monitorDefinitionStore();
    }

    @Test
    void roundTripsEveryFieldAndListsOldestFirst() {
        MonitorDefinition web = new MonitorDefinition(WEB, "{\"id\":\"web\",\"type\":\"http\",\"url\":\"https://x.test/ü\"}",
                NOON, NOON.plusSeconds(5));
        MonitorDefinition api = new MonitorDefinition(API, "{\"id\":\"api\"}", NOON.plusSeconds(1), NOON.plusSeconds(1));
        store.save(api);
        store.save(web);
        assertEquals(List.of(web, api), store.all());
        assertEquals(Optional.of(web), store.find(WEB));
        assertEquals(Optional.empty(), store.find(MonitorId.of("nope")));
    }

    @Test
    void savingAgainReplacesTheDefinition() {
        store.save(new MonitorDefinition(API, "{\"v\":1}", NOON, NOON));
        MonitorDefinition changed = new MonitorDefinition(API, "{\"v\":2}", NOON, NOON.plusSeconds(60));
        store.save(changed);
        assertEquals(List.of(changed), store.all());
    }

    @Test
    void deleteRemovesOnlyThatDefinitionAndSaysWhetherThereWasOne() {
        store.save(new MonitorDefinition(API, "{}", NOON, NOON));
        store.save(new MonitorDefinition(WEB, "{}", NOON, NOON));
        assertTrue(store.delete(API));
        assertFalse(store.delete(API));
        assertEquals(List.of(WEB), store.all().stream().map(MonitorDefinition::id).toList());
    }

    @Test
    void aLargeDefinitionSurvivesWhole() {
        String document = "{\"name\":\"" + "x".repeat(MonitorDefinition.MAX_DOCUMENT_LENGTH - 11) + "\"}";
        store.save(new MonitorDefinition(API, document, NOON, NOON));
        assertEquals(document, store.find(API).orElseThrow().document());
    }
}
