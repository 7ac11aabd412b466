package dev.upwatch.core.config;

import dev.upwatch.core.model.DurationText;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One reading of a configuration: typed reads of {@link ConfigNode}s that never throw for bad input but note every
 * problem, located by source, line and key path, and carry on — so a source is reported whole, every problem at
 * once. A read that fails answers empty (or the given fallback); a reader of an item compares {@link #count()} before
 * and after to know whether the item was valid.
 */
public final class ConfigReader {
    /** The earliest date-time a configuration may name. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest date-time a configuration may name. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?\\d+");
    /** Longest number quoted back in a problem, in characters. */
    private static final int QUOTED = 24;

    private final List<ConfigProblem> problems = new ArrayList<>();

    /** Notes a problem. */
    public void report(ConfigProblem problem) {
        problems.add(problem);
    }

    /** Notes a problem located at {@code node}. */
    public void report(ConfigNode node, String message) {
        problems.add(node.problem(message));
    }

    /** How many problems were noted so far. */
    public int count() {
        return problems.size();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem noted, in the order found. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The map at {@code node}, noting a node that is no map, each repeated key and each key not in {@code known}. A
     * null value is an empty map: a section left empty takes its defaults.
     */
    public ConfigMap map(ConfigNode node, Set<String> known) {
        ConfigMap map = map(node);
        map.keys().forEach(key -> {
            if (!known.contains(key)) {
                report(keyOf(map.node(), key).problem("unknown key; expected one of "
                        + String.join(", ", new TreeSet<>(known))));
            }
        });
        return map;
    }

    /** The map at {@code node} (as {@link #map(ConfigNode, Set)}), any keys allowed. */
    public ConfigMap map(ConfigNode node) {
        if (node.isNull()) {
            return new ConfigMap(this, node, Map.of());
        }
        if (node.kind() != ConfigNode.Kind.MAP) {
            reportWrongKind(node, "expected a map of keys to values");
            return new ConfigMap(this, node, Map.of());
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (ConfigNode.Entry entry : node.entries()) {
            if (entries.putIfAbsent(entry.key(), entry.value()) != null) {
                int first = keyOf(node, entry.key()).line();
                report(entry.problem("duplicate key" + (first > 0 ? " (first given on line " + first + ")" : "")));
            }
        }
        return new ConfigMap(this, node, entries);
    }

    /** The items of the list at {@code node}; none for a null value; noted when it is no list. */
    public List<ConfigNode> items(ConfigNode node) {
        if (node.isNull()) {
            return List.of();
        }
        if (node.kind() != ConfigNode.Kind.LIST) {
            reportWrongKind(node, "expected a list");
            return List.of();
        }
        return node.items();
    }

    /** The text of a scalar; empty for a null value; noted for a map, a list or a value that could not be produced. */
    public Optional<String> text(ConfigNode node) {
        return switch (node.kind()) {
            case SCALAR -> node.text();
            case NULL -> Optional.empty();
            case INVALID -> {
                report(node, node.text().orElseThrow());
                yield Optional.empty();
            }
            case MAP, LIST -> {
                report(node, "expected a single value, not a " + (node.kind() == ConfigNode.Kind.MAP ? "map" : "list"));
                yield Optional.empty();
            }
        };
    }

    /** The scalar {@code parse}d; its {@link IllegalArgumentException}'s message is the problem noted at the node. */
    public <T> Optional<T> parsed(ConfigNode node, Function<String, T> parse) {
        return text(node).flatMap(text -> {
            try {
                return Optional.of(parse.apply(text));
            } catch (IllegalArgumentException e) {
                report(node, e.getMessage() == null ? "is not valid here" : e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A duration ({@code 500ms}, {@code 1m30s}, {@link DurationText}) within {@code range}. */
    public Optional<Duration> duration(ConfigNode node, DurationRange range) {
        return parsed(node, DurationText::parse).filter(value -> within(node, range.problem(value)));
    }

    /** A whole number within {@code range}; one of any length outside it is out of range, not "no number". */
    public Optional<Integer> integer(ConfigNode node, IntRange range) {
        return text(node).map(String::trim).flatMap(text -> {
            if (!WHOLE_NUMBER.matcher(text).matches()) {
                report(node, "'" + quoted(text) + "' is not a whole number");
                return Optional.empty();
            }
            BigInteger value = new BigInteger(text);
            if (!range.contains(value)) {
                report(node, range.problem(quoted(value.toString())));
                return Optional.empty();
            }
            return Optional.of(value.intValueExact());
        });
    }

    /** {@code true} or {@code false}. */
    public Optional<Boolean> bool(ConfigNode node) {
        return text(node).flatMap(text -> switch (text.trim()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                report(node, "'" + quoted(text) + "' is not true or false");
                yield Optional.empty();
            }
        });
    }

    /**
     * One of the {@code names} (lower case, listed in their order in the problem), matched trimmed and ignoring case:
     * {@code must be one of trace, debug, info, warn, error, got 'loud'}.
     */
    public <T> Optional<T> choice(ConfigNode node, Map<String, T> names) {
        return text(node).map(String::trim).flatMap(text -> {
            T value = names.get(text.toLowerCase(Locale.ROOT));
            if (value == null) {
                report(node, "must be one of " + String.join(", ", names.keySet()) + ", got '" + quoted(text) + "'");
            }
            return Optional.ofNullable(value);
        });
    }

    /** An absolute {@code http://} or {@code https://} URL with a host ({@link #parseHttpUrl}). */
    public Optional<URI> httpUrl(ConfigNode node) {
        return parsed(node, ConfigReader::parseHttpUrl);
    }

    /**
     * {@code text}, trimmed, as an absolute {@code http://} or {@code https://} URL with a host.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the text (a URL may hold a credential)
     */
    public static URI parseHttpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + " at index " + e.getIndex() + ")", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        return uri;
    }

    /**
     * An ISO-8601 instant with a zone offset ({@code 2026-12-01T22:00:00Z}, {@code 2026-12-01T23:00:00+01:00})
     * between {@link #EARLIEST} and {@link #LATEST}.
     */
    public Optional<Instant> instant(ConfigNode node) {
        return text(node).map(String::strip).flatMap(text -> {
            try {
                return inDateRange(node, Instant.parse(text));
            } catch (DateTimeParseException e) {
                report(node, "'" + quoted(text) + "' is not an ISO-8601 instant such as 2026-12-01T22:00:00Z");
                return Optional.empty();
            }
        });
    }

    /** {@code value}, noted at {@code node} when it lies before {@link #EARLIEST} or after {@link #LATEST}. */
    public Optional<Instant> inDateRange(ConfigNode node, Instant value) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            report(node, "must lie between 1970-01-01 and 9999-12-31, got " + value);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /**
     * The value as plain Java values — String for scalars, List, Map (null for null values) — as probe settings take
     * them; empty, with each problem noted, when any part could not be produced or a map repeats a key.
     */
    public Optional<Object> plain(ConfigNode node) {
        int before = count();
        Object value = plainValue(node);
        return count() > before ? Optional.empty() : Optional.ofNullable(value);
    }

    private Object plainValue(ConfigNode node) {
        return switch (node.kind()) {
            case NULL -> null;
            case SCALAR, INVALID -> text(node).orElse(null);
            case LIST -> node.items().stream().map(this::plainValue).toList();
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map(node).entries().forEach((key, value) -> map.put(key, plainValue(value)));
                yield map;
            }
        };
    }

    /**
     * Reads each item of the list at {@code list} with {@code read}, carrying on past bad items, and notes an id used
     * twice at the later item's {@code id}.
     *
     * @param kind what the items are, for the problem: {@code monitor id 'a' is used twice}
     */
    public <T> List<T> uniqueItems(ConfigNode list, String kind, Function<ConfigNode, Optional<T>> read,
                                   Function<T, String> idOf) {
        List<T> values = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode item : items(list)) {
            read.apply(item).ifPresent(value -> {
                String id = idOf.apply(value);
                if (ids.add(id)) {
                    values.add(value);
                } else {
                    report(item.entry("id").orElse(item), kind + " id '" + id + "' is used twice");
                }
            });
        }
        return values;
    }

    /** The first entry of {@code key} in the map {@code node}. */
    private static ConfigNode.Entry keyOf(ConfigNode node, String key) {
        return node.entries().stream().filter(entry -> entry.key().equals(key)).findFirst().orElseThrow();
    }

    private boolean within(ConfigNode node, Optional<String> problem) {
        problem.ifPresent(message -> report(node, message));
        return problem.isEmpty();
    }

    private void reportWrongKind(ConfigNode node, String expected) {
        if (node.kind() == ConfigNode.Kind.INVALID) {
            text(node);
        } else {
            report(node, expected);
        }
    }

    /** {@code text} cut to a length fit to quote back. */
    private static String quoted(String text) {
        return text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "…";
    }
}
