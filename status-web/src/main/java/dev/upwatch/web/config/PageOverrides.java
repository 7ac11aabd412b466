package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.InvalidConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The default page's settings the console may override — {@code title}, {@code logo}, {@code links} (one
 * {@code title | url} per line) and {@code footer} — read by the configuration file's rules ({@link PageSection}).
 */
public final class PageOverrides {
    /** The keys, in the form's order. */
    public static final List<String> KEYS = List.of("title", "logo", "links", "footer");

    private PageOverrides() {
    }

    /**
     * {@code file} with the value of every key of {@code fields} in place of its own (blank values are left out).
     *
     * @throws InvalidConfigException naming each bad key (e.g. {@code logo}, {@code links[1].url})
     */
    public static PageConfig apply(PageConfig file, Map<String, String> fields) {
        Map<String, String> given = present(fields);
        Map<String, Object> document = new LinkedHashMap<>();
        given.forEach((key, value) -> document.put(key, key.equals("links") ? links(value) : value));
        ConfigReader reader = new ConfigReader();
        ConfigMap map = reader.map(ConfigNode.ofValues("console", document, Map.of()), Set.copyOf(KEYS));
        Optional<PageConfig> read = PageSection.read(map);
        if (read.isEmpty() || !reader.isEmpty()) {
            throw new InvalidConfigException(reader.problems());
        }
        PageConfig page = read.get();
        return new PageConfig(given.containsKey("title") ? page.title() : file.title(), file.refresh(),
                file.publicUrl(), given.containsKey("logo") ? page.logoUrl() : file.logoUrl(),
                given.containsKey("links") ? page.links() : file.links(),
                given.containsKey("footer") ? page.footer() : file.footer(), file.defaultWindow(), file.corsOrigins(),
                file.selection(), file.accent(), file.language());
    }

    /** The keys of {@code fields} with a non-blank value, stripped. */
    public static Map<String, String> present(Map<String, String> fields) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = fields.getOrDefault(key, "").strip();
            if (!value.isEmpty()) {
                given.put(key, value);
            }
        }
        return given;
    }

    /** {@code page}'s values of the keys as the form shows them. */
    public static Map<String, String> fields(PageConfig page) {
        return Map.of("title", page.title(), "logo", page.logoUrl().map(Object::toString).orElse(""),
                "links", page.links().stream().map(link -> link.title() + " | " + link.url())
                        .collect(Collectors.joining("\n")),
                "footer", page.footer().orElse(""));
    }

    /** Lines of {@code title | url} as the file's list of links (a line without a bar is a link without a url). */
    private static List<Map<String, String>> links(String text) {
        List<Map<String, String>> links = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.lastIndexOf('|');
            Map<String, String> link = new LinkedHashMap<>();
            link.put("title", (bar < 0 ? line : line.substring(0, bar)).strip());
            if (bar >= 0) {
                link.put("url", line.substring(bar + 1).strip());
            }
            links.add(link);
        }
        return links;
    }
}
