package dev.upwatch.web.config;

import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.notify.MessageTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The channel key {@code template}: read at load, and a bad one is a problem at its file, line and key. */
class TemplateConfigTest {
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of());

    private UpwatchConfig parse(String yaml) {
        return loader.parse(yaml.replace("\\n", "\n"), "upwatch.yml", Path.of("/etc/upwatch"));
    }

    @Test
    void aTemplateIsReadWithItsChannel() {
        UpwatchConfig config = parse("""
                monitors: []
                notifications:
                  - id: chat
                    type: slack
                    url: https://hooks.example.test/x
                    template: "{{monitor.name}} is {{status}}: {{reason}}"
                  - { id: plain, type: slack, url: 'https://hooks.example.test/y' }
                """);
        assertEquals(Optional.of(new MessageTemplate("{{monitor.name}} is {{status}}: {{reason}}")),
                config.notifications().getFirst().template());
        assertEquals(Optional.empty(), config.notifications().get(1).template());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown variable | monitors: []\\nnotifications:\\n  - id: n\\n    type: slack\\n    url: 'https://x.test'\\n    template: 'hi {{monitor.nmae}}' | upwatch.yml:6: notifications[0].template: unknown variable 'monitor.nmae' (known: monitor.name, monitor.id,
            expression       | monitors: []\\nnotifications:\\n  - { id: n, type: webhook, url: 'https://x.test', template: '{{7*7}}' } | upwatch.yml:3: notifications[0].template: unknown variable '7*7' (known:
            unclosed         | monitors: []\\nnotifications:\\n  - { id: n, type: discord, url: 'https://x.test' }\\n  - { id: m, type: slack, url: 'https://x.test', template: 'down: {{status' } | upwatch.yml:4: notifications[1].template: unclosed '{{' at character 7
            not text         | monitors: []\\nnotifications:\\n  - { id: n, type: slack, url: 'https://x.test', template: [a] } | upwatch.yml:3: notifications[0].template:
            """)
    void aBadTemplateNamesFileLineAndKey(String what, String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(1, error.problems().size(), error.getMessage());
        String problem = error.problems().getFirst().toString();
        assertEquals(true, problem.startsWith(expected), problem);
    }

    @Test
    void aTemplateOverTheCapIsAProblem() {
        ConfigException error = assertThrows(ConfigException.class, () -> parse("monitors: []\nnotifications:\n"
                + "  - id: n\n    type: slack\n    url: 'https://x.test'\n    template: '" + "x".repeat(2_001) + "'\n"));
        assertEquals("upwatch.yml:6: notifications[0].template: must be at most 2000 characters, got 2001",
                error.problems().getFirst().toString());
    }
}
