package dev.upwatch.web.config;

import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.NodeId;
import dev.upwatch.core.model.Placement;
import dev.upwatch.core.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cluster:} and the monitors' {@code locations} and {@code quorum}: read, and refused with file:line: key. */
class ClusterSectionTest {
    private static final String POSTGRES = "storage: { jdbc-url: \"jdbc:postgresql://db:5432/upwatch\", username: u }\n";
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of());

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml, "upwatch.yml", Path.of("/etc/upwatch"));
    }

    @Test
    void readsTheNodeAndTheMonitorsPlacement() {
        UpwatchConfig config = parse(POSTGRES + """
                cluster: { node-id: fra-1, location: fra, lease: 6s }
                monitors:
                  - { id: api, type: http, url: "https://api.example.com/health", locations: [fra, nyc, sgp], quorum: 2 }
                  - { id: web, type: http, url: "https://example.com/" }
                """);
        assertEquals(new ClusterConfig(NodeId.of("fra-1"), Location.of("fra"), Duration.ofSeconds(6)),
                config.cluster().orElseThrow());
        Monitor api = config.monitors().get(0);
        assertEquals(new Placement(List.of(Location.of("fra"), Location.of("nyc"), Location.of("sgp")), OptionalInt.of(2)),
                api.placement());
        assertEquals(2, api.placement().quorumOf(3));
        assertEquals(Placement.EVERYWHERE, config.monitors().get(1).placement());
        assertEquals(2, config.monitors().get(1).placement().quorumOf(3), "a majority of 3");
    }

    @Test
    void theDeployExampleIsValid() {
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()),
                Map.of("UPWATCH_DB_PASSWORD", "x", "HOSTNAME", "node-2"))
                .load(Path.of("..", "docs", "examples", "cluster.yml"));
        assertEquals(new ClusterConfig(NodeId.of("node-2"), Location.of("main"), Duration.ofSeconds(15)),
                config.cluster().orElseThrow());
    }

    @Test
    void withoutTheSectionTheProcessRunsAlone() {
        assertTrue(parse("monitors: []\n").cluster().isEmpty());
    }

    @Test
    void theEmbeddedStoreRefusesACluster() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors: []
                cluster: { node-id: a, location: fra }
                """));
        assertEquals("upwatch.yml:2: cluster: a cluster needs PostgreSQL storage (storage.jdbc-url: "
                + "jdbc:postgresql://…); the embedded H2 store is single-node", error.problems().get(0).toString());
        ConfigException h2 = assertThrows(ConfigException.class, () -> parse("""
                storage: { jdbc-url: "jdbc:h2:file:/tmp/x" }
                monitors: []
                cluster: { node-id: a, location: fra }
                """));
        assertEquals("cluster", h2.problems().get(0).key(), h2.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cluster: { location: fra }                     | cluster.node-id",
            "cluster: { node-id: 'a b', location: fra }     | cluster.node-id",
            "cluster: { node-id: a, location: FRA }         | cluster.location",
            "cluster: { node-id: a, location: fra, lease: 1s } | cluster.lease",
            "cluster: { node-id: a, location: fra, term: 3 } | cluster.term",
    })
    void badClusterKeysAreNamed(String section, String key) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(POSTGRES + section + "\nmonitors: []\n"));
        assertEquals(key, error.problems().get(0).key(), error.getMessage());
        assertEquals(2, error.problems().get(0).line());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "locations: [fra, fra]          | monitors[0].locations[1]",
            "locations: [Fra]               | monitors[0].locations[0]",
            "locations: fra                 | monitors[0].locations",
            "locations: [fra], quorum: 2    | monitors[0].quorum",
            "quorum: 0                      | monitors[0].quorum",
    })
    void badPlacementsAreNamed(String entry, String key) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - { id: a, type: tcp, host: 127.0.0.1, port: 1, %s }
                """.formatted(entry)));
        assertEquals(key, error.problems().get(0).key(), error.getMessage());
    }
}
