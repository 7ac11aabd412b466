package dev.upwatch.core.config;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed, range-checked reads of the format-neutral configuration tree: problems are noted, never thrown. */
class ConfigReaderTest {
    private static final DurationRange INTERVAL = DurationRange.of(Duration.ofSeconds(1), Duration.ofDays(365));

    private final ConfigReader reader = new ConfigReader();

    private static ConfigNode values(Object value) {
        return ConfigNode.ofValues("request", value, Map.of());
    }

    private List<String> problems() {
        return reader.problems().stream().map(ConfigProblem::toString).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            30s                  | 30s
            1m30s                | 1m30s
            365d                 | 365d
            200000d              | request:0: interval: must be at most 365d, got 200000d
            9223372036854775807d | request:0: interval: '9223372036854775807d' is too long a duration
            99999999999999999999s | request:0: interval: '99999999999999999999s' is too long a duration
            500ms                | request:0: interval: must be at least 1s, got 500ms
            soon                 | request:0: interval: 'soon' is not a duration; expected a number with a unit such as 500ms, 30s, 5m, 48h or 7d
            """)
    void durationsAreReadWithinTheirRange(String text, String expected) {
        Optional<Duration> value = reader.map(values(Map.of("interval", text))).duration("interval", INTERVAL);
        assertEquals(expected, value.map(DurationText::format).orElseGet(() -> String.join("; ", problems())));
    }

    @Test
    void durationTextNeverThrowsAnythingButIllegalArgument() {
        for (String text : List.of("9223372036854775807d", "106751991167301d", "9223372036854775807s1d",
                "99999999999999999999ms")) {
            assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text), text);
        }
        assertEquals("106751991167300d15h30m7s", DurationText.format(Duration.ofSeconds(Long.MAX_VALUE)),
                "the longest Duration prints");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            3                     | 3
            +5                    | 5
            0                     | request:0: failure-threshold: 0 is out of range [1, 100]
            9223372036854775807   | request:0: failure-threshold: 9223372036854775807 is out of range [1, 100]
            999999999999999999999999999999 | request:0: failure-threshold: 999999999999999999999999… is out of range [1, 100]
            1.5                   | request:0: failure-threshold: '1.5' is not a whole number
            """)
    void wholeNumbersOfAnyLengthAreReadWithinTheirRange(String text, String expected) {
        int value = reader.map(values(Map.of("failure-threshold", text))).integer("failure-threshold", -7, IntRange.of(1, 100));
        assertEquals(expected, value == -7 ? String.join("; ", problems()) : String.valueOf(value));
    }

    @Test
    void everyProblemOfAMapIsNotedAndReadingCarriesOn() {
        ConfigNode map = ConfigNode.map("upwatch.yml", "page", 3, List.of(
                new ConfigNode.Entry("title", 4, ConfigNode.scalar("upwatch.yml", "page.title", 4, "A")),
                new ConfigNode.Entry("colour", 5, ConfigNode.scalar("upwatch.yml", "page.colour", 5, "red")),
                new ConfigNode.Entry("title", 6, ConfigNode.scalar("upwatch.yml", "page.title", 6, "B")),
                new ConfigNode.Entry("refresh", 7, ConfigNode.list("upwatch.yml", "page.refresh", 7, List.of()))));
        ConfigMap page = reader.map(map, Set.of("title", "refresh"));
        assertEquals(Optional.of("A"), page.text("title"), "the first of a repeated key");
        assertEquals(Optional.empty(), page.duration("refresh", INTERVAL));
        assertEquals(Optional.empty(), page.required("footer"));
        assertEquals(List.of(
                "upwatch.yml:6: page.title: duplicate key (first given on line 4)",
                "upwatch.yml:5: page.colour: unknown key; expected one of refresh, title",
                "upwatch.yml:7: page.refresh: expected a single value, not a list",
                "upwatch.yml:3: page.footer: is required"), problems());
    }

    @Test
    void nullCountsAsLeftOutAndAnInvalidValueReportsWhyWhenRead() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("events", null);
        definition.put("url", "https://x.test/${HOOK_TOKEN}");
        definition.put("name", "${NAME:-fallback}");
        ConfigMap map = reader.map(values(definition));
        assertEquals(List.of(), map.list("events"));
        assertEquals(Optional.of("fallback"), map.text("name"), "a default applies without an environment");
        assertEquals(Optional.empty(), map.text("url"));
        assertEquals(List.of("request:0: url: environment variable HOOK_TOKEN is not set (write ${HOOK_TOKEN:-default} "
                + "to give a default)"), problems());
    }

    @Test
    void plainValuesForProbeSettingsKeepTheShape() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("X-Count", 3);
        Object plain = reader.plain(values(Map.of("headers", headers, "codes", List.of(200, true)))).orElseThrow();
        assertEquals(ProbeSettings.of(Map.of("headers", Map.of("Accept", "application/json", "X-Count", "3"),
                "codes", List.of("200", "true"))), ProbeSettings.of((Map<String, ?>) plain));
    }

    @Test
    void listsWithIdsReportAnIdUsedTwiceAtTheLaterItem() {
        ConfigNode list = values(List.of(Map.of("id", "a"), Map.of("id", "b"), Map.of("id", "a")));
        List<String> ids = reader.uniqueItems(list, "monitor", item -> reader.map(item).text("id"), id -> id);
        assertEquals(List.of("a", "b"), ids);
        assertEquals(List.of("request:0: [2].id: monitor id 'a' is used twice"), problems());
    }

    @Test
    void monitorsAndGroupsSelectMonitorsAndNameWhatMatchesNothing() {
        List<Monitor> monitors = List.of(monitor("api", "Backend"), monitor("db", "Backend"), monitor("web", "Public"));
        ConfigMap all = reader.map(values(Map.of()));
        assertEquals(Optional.empty(), MonitorSelection.read(all, monitors), "neither key: the caller's default");
        ConfigMap some = reader.map(values(Map.of("monitors", List.of("web", "ghost"), "groups", List.of("Backend", "Nope"))));
        assertEquals(Optional.of(Set.of(MonitorId.of("web"), MonitorId.of("api"), MonitorId.of("db"))),
                MonitorSelection.read(some, monitors));
        assertEquals(List.of("request:0: monitors[1]: no monitor has the id 'ghost'",
                "request:0: groups[1]: no monitor is in the group 'Nope'"), problems());
    }

    @Test
    void datesOutsideTheYears1970To9999AreProblems() {
        ConfigMap map = reader.map(values(Map.of("a", "+999999999-12-31T23:59:59Z", "b", "2026-12-01T23:00:00+01:00")));
        assertEquals(Optional.empty(), map.instant("a"));
        assertEquals("2026-12-01T22:00:00Z", map.instant("b").orElseThrow().toString());
        assertEquals(List.of("request:0: a: must lie between 1970-01-01 and 9999-12-31, got +999999999-12-31T23:59:59Z"),
                problems());
    }

    @Test
    void aProblemIsOneLineWhateverItQuotes() {
        ConfigProblem problem = new ConfigProblem("upwatch.yml", 3, "page.title", "'a\nb\u001b[31m' is bad");
        assertEquals("upwatch.yml:3: page.title: 'a\\nb\\u001b[31m' is bad", problem.toString());
    }

    private static Monitor monitor(String id, String group) {
        return Monitor.builder(MonitorId.of(id), id, new ProbeSpec("tcp", ProbeSettings.empty())).group(group).build();
    }
}
