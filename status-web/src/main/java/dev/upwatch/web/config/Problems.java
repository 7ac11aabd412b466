package dev.upwatch.web.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The problems found while reading one configuration item or file, collected so that every problem is reported at
 * once rather than only the first.
 */
final class Problems {
    private final List<ConfigProblem> found = new ArrayList<>();

    void add(ConfigProblem problem) {
        found.add(problem);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /** The problems so far, in the order found. */
    List<ConfigProblem> toList() {
        return List.copyOf(found);
    }

    /** Adds a problem for every key of {@code map} that is not one of {@code known}. */
    void unknownKeys(Map<String, YamlNode> map, Set<String> known) {
        map.forEach((key, value) -> {
            if (!known.contains(key)) {
                found.add(value.problem("unknown key; expected one of " + String.join(", ", new TreeSet<>(known))));
            }
        });
    }

    /** The value {@code step} reads, or {@code fallback} when it fails, its problems kept. */
    <T> T attempt(Supplier<T> step, T fallback) {
        try {
            return step.get();
        } catch (ConfigException e) {
            found.addAll(e.problems());
            return fallback;
        }
    }

    /** The value {@code step} reads, or null when it fails, its problems kept. */
    <T> T attempt(Supplier<T> step) {
        return attempt(step, null);
    }
}
