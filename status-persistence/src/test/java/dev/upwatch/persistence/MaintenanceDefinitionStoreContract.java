package dev.upwatch.persistence;

import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.port.MaintenanceDefinitionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link MaintenanceDefinitionStore} on a real database must do; each subclass runs it against one database
 * product, with a fresh, empty, migrated database per test.
 */
abstract class MaintenanceDefinitionStoreContract extends FreshDatabaseTest {
    static final String API = "api";
    static final String WEB = "web";
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    protected MaintenanceDefinitionStore store;

    @BeforeEach
    void openStore() {
        store = database.maintenanceDefinitionStore();
    }

    @Test
    void roundTripsEveryFieldAndListsOldestFirst() {
        MaintenanceDefinition web = new MaintenanceDefinition(WEB, "{\"id\":\"web\",\"type\":\"http\",\"url\":\"https://x.test/ü\"}",
                NOON, NOON.plusSeconds(5));
        MaintenanceDefinition api = new MaintenanceDefinition(API, "{\"id\":\"api\"}", NOON.plusSeconds(1), NOON.plusSeconds(1));
        store.save(api);
        store.save(web);
        assertEquals(List.of(web, api), store.all());
        assertEquals(Optional.of(web), store.find(WEB));
        assertEquals(Optional.empty(), store.find("nope"));
    }

    @Test
    void savingAgainReplacesTheDefinition() {
        store.save(new MaintenanceDefinition(API, "{\"v\":1}", NOON, NOON));
        MaintenanceDefinition changed = new MaintenanceDefinition(API, "{\"v\":2}", NOON, NOON.plusSeconds(60));
        store.save(changed);
        assertEquals(List.of(changed), store.all());
    }

    @Test
    void deleteRemovesOnlyThatDefinitionAndSaysWhetherThereWasOne() {
        store.save(new MaintenanceDefinition(API, "{}", NOON, NOON));
        store.save(new MaintenanceDefinition(WEB, "{}", NOON, NOON));
        assertTrue(store.delete(API));
        assertFalse(store.delete(API));
        assertEquals(List.of(WEB), store.all().stream().map(MaintenanceDefinition::id).toList());
    }

    @Test
    void aLargeDefinitionSurvivesWhole() {
        String document = "{\"name\":\"" + "x".repeat(MaintenanceDefinition.MAX_DOCUMENT_LENGTH - 11) + "\"}";
        store.save(new MaintenanceDefinition(API, document, NOON, NOON));
        assertEquals(document, store.find(API).orElseThrow().document());
    }
}
