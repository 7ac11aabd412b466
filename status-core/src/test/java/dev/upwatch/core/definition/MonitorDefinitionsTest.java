package dev.upwatch.core.definition;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.memory.InMemoryMonitorDefinitionStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.model.MonitorId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

import static dev.upwatch.core.definition.DefinitionFakes.inFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monitor use cases: ownership, origins, storage, subscribers that may refuse, and reloading the file. */
class MonitorDefinitionsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private final InMemoryMonitorDefinitionStore store = new InMemoryMonitorDefinitionStore();
    private final DefinitionFakes.MemoryCodec codec = new DefinitionFakes.MemoryCodec();
    private final AtomicReference<List<Defined<Monitor>>> file = new AtomicReference<>(
            List.of(inFile("web", "Sites", 7), inFile("db", "Data", 12)));
    private final List<List<String>> told = new ArrayList<>();

    private MonitorDefinitions definitions() {
        MonitorDefinitions definitions = new MonitorDefinitions(new DefinitionFakes.MonitorFormat(), file.get(),
                file::get, store, List.of(), codec, CLOCK);
        definitions.subscribe(monitors -> told.add(monitors.stream().map(m -> m.id().value()).toList()));
        return definitions;
    }

    @Test
    void aFileMonitorSaysWhereItIsDefinedAndRefusesChanges() {
        MonitorDefinitions definitions = definitions();

        Defined<Monitor> web = definitions.find("web").orElseThrow();
        assertEquals(Owner.FILE, web.owner());
        assertEquals("defined in upwatch.yml, line 7", web.origin().describe());
        DefinitionRefused why = definitions.refusalToChange("web").orElseThrow();
        assertEquals(Refusal.OWNED_BY_FILE, why.reason());
        assertTrue(why.getMessage().contains("upwatch.yml, line 7"), why.getMessage());

        assertEquals(Refusal.OWNED_BY_FILE,
                assertThrows(DefinitionRefused.class, () -> definitions.replace("web", Map.of("id", "web"))).reason());
        assertEquals(Refusal.OWNED_BY_FILE, assertThrows(DefinitionRefused.class, () -> definitions.delete("db")).reason());
        assertEquals(Refusal.ID_TAKEN,
                assertThrows(DefinitionRefused.class, () -> definitions.create(Map.of("id", "web"))).reason());
        assertTrue(store.all().isEmpty());
        assertEquals(List.of(), told, "a refused change reaches no subscriber");
    }

    @Test
    void anApiMonitorIsStoredAndEverySubscriberGetsTheListInDisplayOrder() {
        MonitorDefinitions definitions = definitions();

        Defined<Monitor> api = definitions.create(Map.of("id", "cache", "group", "Sites"));

        assertEquals(Owner.API, api.owner());
        assertEquals("created through the admin API", api.origin().describe());
        assertEquals(CLOCK.instant(), api.stored().orElseThrow().createdAt());
        assertTrue(definitions.refusalToChange("cache").isEmpty());
        assertEquals(List.of(List.of("web", "cache", "db")), told, "the group of web first, then Data");
        assertEquals(MonitorId.of("cache"), store.all().getFirst().id());
        // A later start reads it back from the store.
        assertEquals(List.of("web", "cache", "db"), definitions().monitors().stream().map(m -> m.id().value()).toList());
    }

    @Test
    void aSubscriberThatRefusesLeavesStoreAndListAsTheyWere() {
        MonitorDefinitions definitions = definitions();
        definitions.create(Map.of("id", "cache"));
        String stored = store.all().getFirst().document();
        definitions.subscribe(monitors -> {
            throw new IllegalArgumentException("probe refused");
        });

        assertThrows(IllegalArgumentException.class, () -> definitions.replace("cache", Map.of("group", "Other")));
        assertThrows(IllegalArgumentException.class, () -> definitions.create(Map.of("id", "queue")));
        assertThrows(IllegalArgumentException.class, () -> definitions.delete("cache"));

        assertEquals(stored, store.all().getFirst().document());
        assertEquals(1, store.all().size());
        assertEquals(Monitor.DEFAULT_GROUP, definitions.find("cache").orElseThrow().value().group());
        assertTrue(definitions.find("queue").isEmpty());
    }

    @Test
    void invalidDefinitionsAndChangedIdsAreRefusedByKeyOrReason() {
        MonitorDefinitions definitions = definitions();
        definitions.create(Map.of("id", "cache"));

        InvalidConfigException invalid = assertThrows(InvalidConfigException.class,
                () -> definitions.create(Map.of("id", "x", "colour", "red")));
        assertEquals("colour", invalid.problems().getFirst().key());
        assertEquals(Refusal.ID_CHANGED, assertThrows(DefinitionRefused.class,
                () -> definitions.replace("cache", Map.of("id", "other"))).reason());
        assertThrows(NoSuchElementException.class, () -> definitions.delete("nothing"));
    }

    @Test
    void reloadReportsWhatChangedAndRefusesToTakeAnApiId() {
        MonitorDefinitions definitions = definitions();
        definitions.create(Map.of("id", "cache"));
        told.clear();

        file.set(List.of(inFile("web", "Other", 3), inFile("queue", "Data", 9)));
        ReloadResult result = definitions.reload();
        assertEquals(List.of(MonitorId.of("queue")), result.added());
        assertEquals(List.of(MonitorId.of("web")), result.changed());
        assertEquals(List.of(MonitorId.of("db")), result.removed());
        assertEquals("defined in upwatch.yml, line 9", definitions.find("queue").orElseThrow().origin().describe());
        assertEquals(1, told.size());

        file.set(List.of(inFile("cache", "Data", 2)));
        assertEquals(Refusal.FILE_CLASHES_WITH_API,
                assertThrows(DefinitionRefused.class, definitions::reload).reason());
        assertEquals(List.of("web", "queue", "cache"), definitions.list().stream().map(Defined::id).toList());
    }

    @Test
    void aStoredMonitorWhoseIdTheFileTookIsNotWatchedButStaysStored() {
        definitions().create(Map.of("id", "cache"));
        file.set(List.of(inFile("cache", "Data", 4)));

        MonitorDefinitions restarted = definitions();

        assertEquals(Owner.FILE, restarted.find("cache").orElseThrow().owner());
        assertEquals(1, store.all().size());
    }

    @Test
    void renamingAGroupMovesTheApiMonitorsInOneChangeAndTheFilesRefuseIt() {
        MonitorDefinitions definitions = definitions();
        definitions.create(Map.of("id", "cache", "group", "Caches"));
        told.clear();

        List<MonitorId> moved = definitions.regroup("Caches", java.util.Optional.of("Fast"),
                List.of(new MonitorGroup("Fast", 0, "", false)));

        assertEquals(List.of(MonitorId.of("cache")), moved);
        assertEquals(List.of(List.of("cache", "web", "db")), told, "the stored group comes first");
        assertEquals("Fast", definitions.find("cache").orElseThrow().value().group());
        assertEquals(Refusal.OWNED_BY_FILE, assertThrows(DefinitionRefused.class,
                () -> definitions.regroup("Sites", java.util.Optional.empty(), List.of())).reason());
    }

    @Test
    void withoutAFileAReloadIsRefused() {
        MonitorDefinitions definitions = new MonitorDefinitions(new DefinitionFakes.MonitorFormat(), List.of(),
                DefinitionFile.none(), store, List.of(), codec, CLOCK);
        assertThrows(IllegalStateException.class, definitions::reload);
    }
}
