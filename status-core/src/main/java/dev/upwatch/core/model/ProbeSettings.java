package dev.upwatch.core.model;


import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type-specific settings of a probe, as read from configuration: scalar values are strings,
 * lists are {@code List}, maps are {@code Map<String, ?>}. Typed getters validate and name the key on error,
 * and remember which keys were read so that unknown keys can be reported ({@link #unreadKeys()}).
 */
public final class ProbeSettings {
    private final Map<String, Object> values;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    private ProbeSettings(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Settings from a map of raw values (strings, lists, maps). */
    public static ProbeSettings of(Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        return new ProbeSettings(new LinkedHashMap<>(values));
    }

    /** No settings at all. */
    public static ProbeSettings empty() {
        return new ProbeSettings(Map.of());
    }

    /** The raw values, for display and storage. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The value of {@code key} as text, if set. */
    public Optional<String> string(String key) {
        Object value = raw(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map || value instanceof List) {
            throw new InvalidSettingException(key, "expected a single value, got a " + (value instanceof Map ? "map" : "list"));
        }
        return Optional.of(value.toString());
    }

    /** The value of {@code key} as text; fails naming the key when it is not set. */
    public String requireString(String key) {
        return string(key).filter(s -> !s.isBlank())
                .orElseThrow(() -> new InvalidSettingException(key, "is required"));
    }

    /** The value of {@code key} as an integer in [{@code min}, {@code max}], or {@code fallback}. */
    public int integer(String key, int fallback, int min, int max) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.get().trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "'" + text.get() + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new InvalidSettingException(key, value + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    /** The value of {@code key} as {@code true}/{@code false}, or {@code fallback}. */
    public boolean bool(String key, boolean fallback) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(key, "'" + text.get() + "' is not true or false");
        };
    }

    /** The value of {@code key} as a duration ({@code 500ms}, {@code 5s}), or {@code fallback}. */
    public Duration duration(String key, Duration fallback) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return DurationText.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, e.getMessage());
        }
    }

    /** The value of {@code key} as a map of text to text (e.g. headers); empty when not set. */
    public Map<String, String> stringMap(String key) {
        Object value = raw(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidSettingException(key, "expected a map of names to values");
        }
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List || v == null) {
                throw new InvalidSettingException(key + "." + k, "expected a single value");
            }
            result.put(k.toString(), v.toString());
        });
        return Collections.unmodifiableMap(result);
    }

    /** The value of {@code key} as a list of text; a single value counts as a list of one; empty when not set. */
    public List<String> stringList(String key) {
        Object value = raw(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> {
                if (item instanceof Map || item instanceof List || item == null) {
                    throw new InvalidSettingException(key, "expected a list of single values");
                }
                return item.toString();
            }).toList();
        }
        return List.of(string(key).orElseThrow());
    }

    /** Keys present in the settings that no getter has read yet; a configuration loader reports them as unknown. */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProbeSettings that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
