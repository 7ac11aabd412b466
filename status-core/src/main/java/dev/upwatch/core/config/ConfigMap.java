package dev.upwatch.core.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A map of a configuration read key by key: each typed read notes its problem with the key's path and line (or the
 * map's line, for a key left out) in the {@link ConfigReader} and answers empty or the fallback. A key written as null
 * counts as left out.
 */
public final class ConfigMap {
    private final ConfigReader reader;
    private final ConfigNode node;
    /** Each key's first value, in order. */
    private final Map<String, ConfigNode> entries;

    ConfigMap(ConfigReader reader, ConfigNode node, Map<String, ConfigNode> entries) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.node = Objects.requireNonNull(node, "node");
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** The map's own node, to locate problems about the whole. */
    public ConfigNode node() {
        return node;
    }

    /** The reading this map belongs to. */
    public ConfigReader reader() {
        return reader;
    }

    /** The keys, in order, each once. */
    public Set<String> keys() {
        return entries.keySet();
    }

    /** Each key with its (first) value, in order, null values included. */
    public Map<String, ConfigNode> entries() {
        return entries;
    }

    /** The value of {@code key}, unless left out or null. */
    public Optional<ConfigNode> get(String key) {
        return Optional.ofNullable(entries.get(key)).filter(value -> !value.isNull());
    }

    /** True when {@code key} has a value other than null. */
    public boolean has(String key) {
        return get(key).isPresent();
    }

    /** Notes a problem of {@code key}: at its value when given, else at this map. */
    public void report(String key, String message) {
        reader.report(node.problem(key, message));
    }

    /** The text of {@code key}. */
    public Optional<String> text(String key) {
        return get(key).flatMap(reader::text);
    }

    /** The text of {@code key}; noted when left out, null or blank. */
    public Optional<String> required(String key) {
        Optional<ConfigNode> value = get(key);
        if (value.isEmpty()) {
            report(key, "is required");
            return Optional.empty();
        }
        Optional<String> text = reader.text(value.get());
        if (text.isPresent() && text.get().isBlank()) {
            report(key, "is required");
            return Optional.empty();
        }
        return text;
    }

    /** {@link #required(String)}, {@code parse}d as {@link ConfigReader#parsed} does. */
    public <T> Optional<T> required(String key, Function<String, T> parse) {
        return required(key).isPresent() ? reader.parsed(entries.get(key), parse) : Optional.empty();
    }

    /** The text of {@code key} {@code parse}d, as {@link ConfigReader#parsed} does. */
    public <T> Optional<T> parsed(String key, Function<String, T> parse) {
        return get(key).flatMap(value -> reader.parsed(value, parse));
    }

    /** The duration of {@code key} within {@code range}. */
    public Optional<Duration> duration(String key, DurationRange range) {
        return get(key).flatMap(value -> reader.duration(value, range));
    }

    /** The duration of {@code key} within {@code range}, or {@code fallback} when left out (or wrong, and noted). */
    public Duration duration(String key, Duration fallback, DurationRange range) {
        return duration(key, range).orElse(fallback);
    }

    /** The whole number of {@code key} within {@code range}, or {@code fallback} when left out (or wrong, and noted). */
    public int integer(String key, int fallback, IntRange range) {
        return get(key).flatMap(value -> reader.integer(value, range)).orElse(fallback);
    }

    /** {@code true} or {@code false}, or {@code fallback} when left out (or wrong, and noted). */
    public boolean bool(String key, boolean fallback) {
        return get(key).flatMap(reader::bool).orElse(fallback);
    }

    /** One of the {@code names}, as {@link ConfigReader#choice} reads it. */
    public <T> Optional<T> choice(String key, Map<String, T> names) {
        return get(key).flatMap(value -> reader.choice(value, names));
    }

    /** The instant of {@code key}, as {@link ConfigReader#instant} reads it. */
    public Optional<Instant> instant(String key) {
        return get(key).flatMap(reader::instant);
    }

    /** The items of the list at {@code key}; none when left out. */
    public List<ConfigNode> list(String key) {
        return get(key).map(reader::items).orElse(List.of());
    }

    /** The map at {@code key}, its keys checked against {@code known}; empty when left out. */
    public ConfigMap map(String key, Set<String> known) {
        return reader.map(get(key).orElseGet(() -> ConfigNode.nullValue(node.source(),
                ConfigNode.keyPath(node.path(), key), node.line())), known);
    }
}
