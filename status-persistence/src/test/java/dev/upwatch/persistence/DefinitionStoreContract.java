package dev.upwatch.persistence;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every definition store (monitors, notification channels, maintenance windows) on a real database must do: one
 * suite for the three, each subclass runs it against one database product, with a fresh, empty, migrated database
 * per test and kind.
 */
abstract class DefinitionStoreContract extends FreshDatabaseTest {
    static final String API = "api";
    static final String WEB = "web";
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00.123456Z");

    /** One kind of definition store, seen through the same five operations. */
    interface Store<D> {
        List<D> all();

        Optional<D> find(String id);

        void save(D definition);

        boolean delete(String id);
    }

    /** A stored definition of the kind from its id, document and times. */
    @FunctionalInterface
    interface Maker<D> {
        D make(String id, String document, Instant createdAt, Instant updatedAt);
    }

    /** One kind: how to open its store, make its records and read their ids and documents; its longest document. */
    record Kind<D>(String name, Function<Database, Store<D>> open, Maker<D> make, Function<D, String> idOf,
                   Function<D, String> documentOf, int maxDocumentLength) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind<?>> kinds() {
        return Stream.of(
                new Kind<MonitorDefinition>("monitors", database -> {
                    var store = database.monitorDefinitionStore();
                    return new Store<>() {
                        public List<MonitorDefinition> all() {
                            return store.all();
                        }

                        public Optional<MonitorDefinition> find(String id) {
                            return store.find(MonitorId.of(id));
                        }

                        public void save(MonitorDefinition definition) {
                            store.save(definition);
                        }

                        public boolean delete(String id) {
                            return store.delete(MonitorId.of(id));
                        }
                    };
                }, (id, document, created, updated) -> new MonitorDefinition(MonitorId.of(id), document, created, updated),
                        definition -> definition.id().value(), MonitorDefinition::document, MonitorDefinition.MAX_DOCUMENT_LENGTH),
                new Kind<ChannelDefinition>("channels", database -> {
                    var store = database.channelDefinitionStore();
                    return new Store<>() {
                        public List<ChannelDefinition> all() {
                            return store.all();
                        }

                        public Optional<ChannelDefinition> find(String id) {
                            return store.find(id);
                        }

                        public void save(ChannelDefinition definition) {
                            store.save(definition);
                        }

                        public boolean delete(String id) {
                            return store.delete(id);
                        }
                    };
                }, ChannelDefinition::new, ChannelDefinition::id, ChannelDefinition::document,
                        ChannelDefinition.MAX_DOCUMENT_LENGTH),
                new Kind<MaintenanceDefinition>("maintenance windows", database -> {
                    var store = database.maintenanceDefinitionStore();
                    return new Store<>() {
                        public List<MaintenanceDefinition> all() {
                            return store.all();
                        }

                        public Optional<MaintenanceDefinition> find(String id) {
                            return store.find(id);
                        }

                        public void save(MaintenanceDefinition definition) {
                            store.save(definition);
                        }

                        public boolean delete(String id) {
                            return store.delete(id);
                        }
                    };
                }, MaintenanceDefinition::new, MaintenanceDefinition::id,
                        MaintenanceDefinition::document, MaintenanceDefinition.MAX_DOCUMENT_LENGTH));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <D> void roundTripsEveryFieldAndListsOldestFirst(Kind<D> kind) {
        Store<D> store = kind.open().apply(database);
        D web = kind.make().make(WEB, "{\"id\":\"web\",\"type\":\"http\",\"url\":\"https://x.test/ü\"}", NOON,
                NOON.plusSeconds(5));
        D api = kind.make().make(API, "{\"id\":\"api\"}", NOON.plusSeconds(1), NOON.plusSeconds(1));
        store.save(api);
        store.save(web);
        assertEquals(List.of(web, api), store.all());
        assertEquals(Optional.of(web), store.find(WEB));
        assertEquals(Optional.empty(), store.find("nope"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <D> void savingAgainReplacesTheDefinition(Kind<D> kind) {
        Store<D> store = kind.open().apply(database);
        store.save(kind.make().make(API, "{\"v\":1}", NOON, NOON));
        D changed = kind.make().make(API, "{\"v\":2}", NOON, NOON.plusSeconds(60));
        store.save(changed);
        assertEquals(List.of(changed), store.all());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <D> void deleteRemovesOnlyThatDefinitionAndSaysWhetherThereWasOne(Kind<D> kind) {
        Store<D> store = kind.open().apply(database);
        store.save(kind.make().make(API, "{}", NOON, NOON));
        store.save(kind.make().make(WEB, "{}", NOON, NOON));
        assertTrue(store.delete(API));
        assertFalse(store.delete(API));
        assertEquals(List.of(WEB), store.all().stream().map(kind.idOf()).toList());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <D> void aLargeDefinitionSurvivesWhole(Kind<D> kind) {
        Store<D> store = kind.open().apply(database);
        String document = "{\"name\":\"" + "x".repeat(kind.maxDocumentLength() - 11) + "\"}";
        store.save(kind.make().make(API, document, NOON, NOON));
        assertEquals(document, kind.documentOf().apply(store.find(API).orElseThrow()));
    }
}
