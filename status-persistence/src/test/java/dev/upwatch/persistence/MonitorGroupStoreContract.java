package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.port.MonitorGroupStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link MonitorGroupStore} on a real database must do; each subclass runs it against one database
 * product, with a fresh, empty, migrated database per test.
 */
abstract class MonitorGroupStoreContract extends FreshDatabaseTest {
    protected MonitorGroupStore store;

    @BeforeEach
    void openStore() {
        store = database.monitorGroupStore();
    }

    @Test
    void roundTripsEveryFieldAndListsByPositionThenName() {
        MonitorGroup backend = new MonitorGroup("Backend", 2, "APIs and workers — ü", true);
        MonitorGroup web = new MonitorGroup("Web", 1, "", false);
        MonitorGroup alsoTwo = new MonitorGroup("Apps", 2, "", false);
        store.save("Backend", backend);
        store.save("Web", web);
        store.save("Apps", alsoTwo);
        assertEquals(List.of(web, alsoTwo, backend), store.all());
        assertEquals(Optional.of(backend), store.find("Backend"));
        assertEquals(Optional.empty(), store.find("backend"));
    }

    @Test
    void savingUnderThePreviousNameChangesOrRenamesInPlace() {
        store.save("Web", new MonitorGroup("Web", 1, "", false));
        MonitorGroup changed = new MonitorGroup("Web", 5, "Public sites", true);
        store.save("Web", changed);
        assertEquals(List.of(changed), store.all());
        MonitorGroup renamed = changed.withName("Websites");
        store.save("Web", renamed);
        assertEquals(List.of(renamed), store.all());
    }

    @Test
    void deleteRemovesOnlyThatGroupAndSaysWhetherThereWasOne() {
        store.save("A", new MonitorGroup("A", 0, "", false));
        store.save("B", new MonitorGroup("B", 0, "", false));
        assertTrue(store.delete("A"));
        assertFalse(store.delete("A"));
        assertEquals(List.of("B"), store.all().stream().map(MonitorGroup::name).toList());
    }

    @Test
    void theLongestNameAndDescriptionSurviveWhole() {
        MonitorGroup group = new MonitorGroup("n".repeat(MonitorGroup.MAX_NAME), MonitorGroup.MAX_POSITION,
                "d".repeat(MonitorGroup.MAX_DESCRIPTION), false);
        store.save(group.name(), group);
        assertEquals(List.of(group), store.all());
    }
}
