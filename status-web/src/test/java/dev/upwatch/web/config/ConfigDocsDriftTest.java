package dev.upwatch.web.config;

import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.config.IntRange;
import dev.upwatch.core.model.DurationText;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps docs/configuration.md in step with {@link ConfigLoader#acceptedKeys()}: every key the loader accepts is
 * documented, and every documented key is accepted. The document's shape is what is read: a section heading
 * {@code ## `name`} (dotted for nested sections, e.g. {@code ## `security.egress`}), then a table whose rows start
 * with {@code | `key` |}; a key whose type cell reads {@code `{ a, b }`} has those sub-keys
 * ({@code page.links}). Probe settings ({@code ### `type: http`}) belong to the probe types and are not compared.
 */
class ConfigDocsDriftTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern SECTION = Pattern.compile("^## `([a-z0-9.-]+)`.*");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\|(.*)");
    /** A range in a type cell: {@code 1s–365d}, {@code 0–65535}. */
    private static final Pattern RANGE = Pattern.compile("`?([-0-9a-z]+)`?\\s*–\\s*`?([-0-9a-z]+)`?");
    private static final Pattern SUB_KEYS = Pattern.compile("`\\{ ?([a-z0-9-]+(?:, ?[a-z0-9-]+)*) ?\\}`");

    @Test
    void everyAcceptedKeyIsDocumentedAndEveryDocumentedKeyIsAccepted() throws IOException {
        Map<String, Set<String>> documented = documentedKeys(Files.readAllLines(DOC, StandardCharsets.UTF_8));
        Map<String, Set<String>> accepted = ConfigLoader.acceptedKeys();
        List<String> undocumented = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        accepted.forEach((section, keys) -> keys.stream().sorted()
                .filter(key -> !documented.getOrDefault(section, Set.of()).contains(key))
                .forEach(key -> undocumented.add(path(section, key))));
        documented.forEach((section, keys) -> keys.stream().sorted()
                .filter(key -> !accepted.getOrDefault(section, Set.of()).contains(key))
                .forEach(key -> unknown.add(path(section, key))));
        if (!undocumented.isEmpty() || !unknown.isEmpty()) {
            fail("docs/configuration.md is out of step with ConfigLoader."
                    + (undocumented.isEmpty() ? "" : "\n  Accepted by the loader but not documented (add a row to the "
                    + "table under the section's ## heading): " + String.join(", ", undocumented))
                    + (unknown.isEmpty() ? "" : "\n  Documented but not accepted by the loader (remove, or add to "
                    + "ConfigLoader's key sets and acceptedKeys()): " + String.join(", ", unknown)));
        }
    }

    /**
     * Every number and duration key's type cell states its range as the reader enforces it, e.g. {@code duration,
     * 1s–365d} or {@code 1–100} (durations compare by value: {@code 25h} is {@code 1d1h}).
     */
    @Test
    void everyRangeIsDocumentedAsTheReaderEnforcesIt() throws IOException {
        Map<String, String> types = documentedTypes(Files.readAllLines(DOC, StandardCharsets.UTF_8));
        List<String> wrong = new ArrayList<>();
        ConfigLoader.ranges().forEach((key, range) -> {
            String type = types.getOrDefault(key, "(no row)");
            Matcher written = RANGE.matcher(type);
            boolean same = false;
            while (!same && written.find()) {
                same = switch (range) {
                    case DurationRange durations -> DurationText.isDuration(written.group(1))
                            && DurationText.isDuration(written.group(2))
                            && durations.equals(DurationRange.of(DurationText.parse(written.group(1)),
                            DurationText.parse(written.group(2))));
                    case IntRange numbers -> written.group(1).matches("-?\\d+") && written.group(2).matches("-?\\d+")
                            && numbers.equals(IntRange.of(Integer.parseInt(written.group(1)),
                            Integer.parseInt(written.group(2))));
                    default -> throw new IllegalStateException("range of " + key + ": " + range);
                };
            }
            if (!same) {
                wrong.add(key + " is " + (range instanceof DurationRange d ? d.text() : ((IntRange) range).text())
                        + ", documented as «" + type.strip() + "»");
            }
        });
        assertEquals(List.of(), wrong, "docs/configuration.md states other ranges than the reader enforces");
    }

    @Test
    void theDocumentIsReadAtAll() throws IOException {
        Map<String, Set<String>> documented = documentedKeys(Files.readAllLines(DOC, StandardCharsets.UTF_8));
        assertTrue(documented.getOrDefault("monitors", Set.of()).contains("interval"), documented.toString());
        assertTrue(documented.getOrDefault("page.links", Set.of()).contains("url"), documented.toString());
    }

    /** Key path (section and key) to the text of its type cell. */
    static Map<String, String> documentedTypes(List<String> lines) {
        Map<String, String> types = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line);
            if (heading.matches()) {
                section = heading.group(1);
            } else if (line.startsWith("## ") || line.startsWith("### `type:")) {
                section = null;
            } else if (section != null && ROW.matcher(line).matches()) {
                Matcher row = ROW.matcher(line);
                row.matches();
                types.put(path(section, row.group(1)), row.group(2).split("\\|")[0]);
            }
        }
        return types;
    }

    private static String path(String section, String key) {
        return section.isEmpty() ? key : section + "." + key;
    }

    /** Section name ("" for the top level) to documented keys. */
    static Map<String, Set<String>> documentedKeys(List<String> lines) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        String section = null;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line);
            if (heading.matches()) {
                section = heading.group(1);
                String[] parts = section.split("\\.");
                keys.computeIfAbsent("", k -> new TreeSet<>()).add(parts[0]);
                for (int i = 1; i < parts.length; i++) {
                    String parent = String.join(".", List.of(parts).subList(0, i));
                    keys.computeIfAbsent(parent, k -> new TreeSet<>()).add(parts[i]);
                }
                continue;
            }
            if (line.startsWith("## ") || line.startsWith("### `type:")) {
                section = null; // prose sections, and probe settings (owned by the probe types)
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (section != null && row.matches()) {
                keys.computeIfAbsent(section, k -> new TreeSet<>()).add(row.group(1));
                Matcher sub = SUB_KEYS.matcher(row.group(2));
                if (sub.find()) {
                    for (String subKey : sub.group(1).split(", ?")) {
                        keys.computeIfAbsent(section + "." + row.group(1), k -> new TreeSet<>()).add(subKey.trim());
                    }
                }
            }
        }
        return keys;
    }
}
