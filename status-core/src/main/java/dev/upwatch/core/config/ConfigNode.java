package dev.upwatch.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One value of a configuration, whatever format it came in: a map of keys to values, a list, a scalar (text) or
 * null, or a value that could not be produced (an unset environment variable, a map key that is not text). Every node
 * knows its source, its key path ({@code monitors[2].url}) and, when it came from a file, its line, so that every
 * problem can name all three. The YAML file and the admin API's JSON bodies produce the same nodes, read by the same
 * section readers ({@link ConfigReader}).
 *
 * <p>A map keeps its entries in order, repeated keys included: reading it reports each repetition.
 */
public final class ConfigNode {
    /** What a node holds. */
    public enum Kind {
        /** Keys to values ({@link #entries()}). */
        MAP,
        /** Values in order ({@link #items()}). */
        LIST,
        /** One value, as text ({@link #text()}). */
        SCALAR,
        /** Written but empty: {@code ~}, {@code null} or nothing in YAML, {@code null} in JSON. */
        NULL,
        /** A value that could not be produced; {@link #text()} says why. */
        INVALID
    }

    /**
     * One key of a map and its value.
     *
     * @param key   the key as written
     * @param line  1-based line of the key (a block value starts on the next); 0 when the source has no lines
     * @param value its value
     */
    public record Entry(String key, int line, ConfigNode value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            if (line < 0) {
                throw new IllegalArgumentException("line must not be negative, got " + line);
            }
            Objects.requireNonNull(value, "value");
        }

        /** A problem about this key (repeated, unknown): on the key's line, named by the value's path. */
        public ConfigProblem problem(String message) {
            return new ConfigProblem(value.source(), line, value.path(), message);
        }
    }

    private final String source;
    private final String path;
    private final int line;
    private final Kind kind;
    private final List<Entry> entries;
    private final List<ConfigNode> items;
    private final String text;

    private ConfigNode(String source, String path, int line, Kind kind, List<Entry> entries, List<ConfigNode> items,
                       String text) {
        this.source = Objects.requireNonNull(source, "source");
        this.path = Objects.requireNonNull(path, "path");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative, got " + line);
        }
        this.line = line;
        this.kind = kind;
        this.entries = List.copyOf(entries);
        this.items = List.copyOf(items);
        this.text = text;
    }

    /** A scalar value. */
    public static ConfigNode scalar(String source, String path, int line, String text) {
        return new ConfigNode(source, path, line, Kind.SCALAR, List.of(), List.of(), Objects.requireNonNull(text, "text"));
    }

    /** A value written as null (or left empty). */
    public static ConfigNode nullValue(String source, String path, int line) {
        return new ConfigNode(source, path, line, Kind.NULL, List.of(), List.of(), null);
    }

    /** A list of values. */
    public static ConfigNode list(String source, String path, int line, List<ConfigNode> items) {
        return new ConfigNode(source, path, line, Kind.LIST, List.of(), items, null);
    }

    /** A map, its entries in order (a repeated key is kept; reading the map reports it). */
    public static ConfigNode map(String source, String path, int line, List<Entry> entries) {
        return new ConfigNode(source, path, line, Kind.MAP, entries, List.of(), null);
    }

    /** A value that could not be produced: reading it reports {@code problem}. */
    public static ConfigNode invalid(String source, String path, int line, String problem) {
        return new ConfigNode(source, path, line, Kind.INVALID, List.of(), List.of(),
                Objects.requireNonNull(problem, "problem"));
    }

    /**
     * The node of plain values — maps with text keys, lists, and scalars (text, numbers, booleans; printed as text),
     * null — as a JSON document decodes to. Such a source has no lines: every node's line is 0.
     *
     * @param source      how to name the source in problems, e.g. {@code request}
     * @param environment the variables scalars may name ({@link EnvironmentText}); empty: only defaults apply
     */
    public static ConfigNode ofValues(String source, Object value, Map<String, String> environment) {
        return ofValues(source, "", value, environment);
    }

    private static ConfigNode ofValues(String source, String path, Object value, Map<String, String> environment) {
        if (value == null) {
            return nullValue(source, path, 0);
        }
        if (value instanceof Map<?, ?> map) {
            List<Entry> entries = new ArrayList<>();
            map.forEach((key, child) -> {
                String name = String.valueOf(key);
                entries.add(new Entry(name, 0, ofValues(source, keyPath(path, name), child, environment)));
            });
            return map(source, path, 0, entries);
        }
        if (value instanceof List<?> list) {
            List<ConfigNode> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(ofValues(source, itemPath(path, i), list.get(i), environment));
            }
            return list(source, path, 0, items);
        }
        return EnvironmentText.scalar(source, path, 0, value.toString(), environment);
    }

    /** The path of {@code key} under {@code parent}: {@code parent.key}, or {@code key} at the top. */
    public static String keyPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path of the item at {@code index} of the list at {@code parent}: {@code parent[index]}. */
    public static String itemPath(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** How problems name the source: the file name as given, or e.g. {@code request}. */
    public String source() {
        return source;
    }

    /** The key path, e.g. {@code monitors[2].url}; empty for the root. */
    public String path() {
        return path;
    }

    /** 1-based line in the file; 0 when the source has no lines (a JSON body). */
    public int line() {
        return line;
    }

    public Kind kind() {
        return kind;
    }

    /** True for a value written as null or left empty. */
    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** A map's entries in order, repeated keys included; empty for other kinds. */
    public List<Entry> entries() {
        return entries;
    }

    /** The value of the first entry named {@code key} of a map. */
    public Optional<ConfigNode> entry(String key) {
        return entries.stream().filter(entry -> entry.key().equals(key)).map(Entry::value).findFirst();
    }

    /** A list's items; empty for other kinds. */
    public List<ConfigNode> items() {
        return items;
    }

    /** A scalar's text, or why an invalid value could not be produced; empty for other kinds. */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** A problem located at this node. */
    public ConfigProblem problem(String message) {
        return new ConfigProblem(source, line, path, message);
    }

    /** A problem about this map's {@code key}, located at its value when given, else at this node. */
    public ConfigProblem problem(String key, String message) {
        return new ConfigProblem(source, entry(key).map(ConfigNode::line).orElse(line), keyPath(path, key), message);
    }

    @Override
    public String toString() {
        return source + ":" + line + ": " + (path.isEmpty() ? "(root)" : path) + " " + kind;
    }
}
