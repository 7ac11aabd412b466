package dev.upwatch.persistence;

import dev.upwatch.core.port.PageSettingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every {@link PageSettingStore} on a real database must do; each subclass runs it against one database product,
 * with a fresh, empty, migrated database per test.
 */
abstract class PageSettingStoreContract extends FreshDatabaseTest {
    protected PageSettingStore store;

    @BeforeEach
    void openStore() {
        store = database.pageSettingStore();
    }

    @Test
    void startsEmpty() {
        assertEquals(Map.of(), store.all());
    }

    @Test
    void replaceKeepsExactlyTheGivenSettings() {
        store.replace(Map.of("title", "Zoë's \"status\" ✓", "footer", "© 2026", "links", "Home | https://example.com/"));
        store.replace(Map.of("title", "Status of Zoë ✓", "links", "Docs | /docs\nHome | https://example.com/"));
        assertEquals(Map.of("title", "Status of Zoë ✓", "links", "Docs | /docs\nHome | https://example.com/"),
                store.all(), "the footer left out is no longer stored");
        store.replace(Map.of());
        assertEquals(Map.of(), store.all());
    }
}
