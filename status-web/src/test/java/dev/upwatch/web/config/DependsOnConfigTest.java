package dev.upwatch.web.config;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The monitor key {@code depends-on}: ids of monitors of the file, without cycles, each problem at its key. */
class DependsOnConfigTest {
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of());

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml.replace("\\n", "\n"), "upwatch.yml", Path.of("/etc/upwatch"));
    }

    @Test
    void dependsOnNamesOtherMonitorsOfTheFile() {
        UpwatchConfig config = parse("""
                monitors:
                  - { id: api, type: tcp, host: h, port: 1, depends-on: [router, db] }
                  - { id: router, type: tcp, host: h, port: 2 }
                  - { id: db, type: tcp, host: h, port: 3, depends-on: [router] }
                """);
        assertEquals(List.of(MonitorId.of("router"), MonitorId.of("db")), config.monitors().getFirst().dependsOn());
        assertEquals(List.of(), config.monitors().get(1).dependsOn());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown id      | monitors:\\n  - { id: router, type: tcp, host: h, port: 1 }\\n  - id: api\\n    type: tcp\\n    host: h\\n    port: 2\\n    depends-on:\\n      - ruoter | upwatch.yml:8: monitors[1].depends-on[0]: unknown monitor id 'ruoter'
            cycle           | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, depends-on: [b] }\\n  - { id: b, type: tcp, host: h, port: 2, depends-on: [a] } | upwatch.yml:2: monitors[0].depends-on: depends-on forms a cycle: a -> b -> a
            itself          | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, depends-on: [a] } | upwatch.yml:2: monitors[0].depends-on: depends-on forms a cycle: a -> a
            named twice     | monitors:\\n  - { id: r, type: tcp, host: h, port: 1 }\\n  - { id: a, type: tcp, host: h, port: 1, depends-on: [r, r] } | upwatch.yml:3: monitors[1].depends-on[1]: 'r' is named twice
            not an id       | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, depends-on: ['no spaces'] } | upwatch.yml:2: monitors[0].depends-on[0]:
            not a list      | monitors:\\n  - { id: a, type: tcp, host: h, port: 1, depends-on: r } | upwatch.yml:2: monitors[0].depends-on: expected a list
            """)
    void problemsNameTheFileLineAndKey(String what, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(1, error.problems().size(), error.getMessage());
        String problem = error.problems().getFirst().toString();
        assertEquals(true, problem.startsWith(expected), problem);
    }

    @Test
    void aParentWithProblemsOfItsOwnIsNotAlsoUnknown() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("""
                monitors:
                  - { id: router, type: tcp, host: h, port: 99999 }
                  - { id: api, type: tcp, host: h, port: 1, depends-on: [router] }
                """));
        assertEquals(1, error.problems().size(), error.getMessage());
        assertEquals(true, error.problems().getFirst().toString().contains("monitors[0].port"), error.getMessage());
    }
}
