package dev.upwatch.web.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node of the configuration's YAML tree that knows its key path and line, so that every error can
 * name both. Scalars have {@code ${ENV_VAR}} and {@code ${ENV_VAR:-default}} substituted.
 */
final class YamlNode {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Node node;
    private final String path;
    private final ConfigSource source;

    YamlNode(Node node, String path, ConfigSource source) {
        this.node = node;
        this.path = path;
        this.source = source;
    }

    String path() {
        return path;
    }

    /** 1-based line in the file; 0 for values that came from elsewhere (the admin API). */
    int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** A problem located at this node. */
    ConfigProblem problem(String what) {
        return source.problem(line(), path, what);
    }

    /** Throws a problem located at this node. */
    ConfigException fail(String what) {
        return new ConfigException(List.of(problem(what)));
    }

    boolean isNull() {
        return node instanceof ScalarNode scalar && "tag:yaml.org,2002:null".equals(scalar.getTag().getValue());
    }

    /** The entries of a mapping node in file order; fails on a non-mapping or a duplicate key. */
    Map<String, YamlNode> entries() {
        if (!(node instanceof MappingNode mapping)) {
            throw fail("expected a map of keys to values");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlNode(tuple.getKeyNode(), path, source).fail("keys must be plain text");
            }
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            YamlNode child = new YamlNode(tuple.getValueNode(), childPath, source);
            if (entries.putIfAbsent(key.getValue(), child) != null) {
                throw child.fail("duplicate key");
            }
        }
        return entries;
    }

    /**
     * The value of {@code key} in {@code entries} (this node's {@link #entries()}); fails, at the value or else at
     * this node, when the key is absent, null or blank.
     */
    YamlNode required(Map<String, YamlNode> entries, String key) {
        YamlNode value = entries.get(key);
        if (value == null || value.isNull() || value.text().isBlank()) {
            throw new ConfigException(List.of(source.problem(value == null ? line() : value.line(),
                    path + "." + key, "is required")));
        }
        return value;
    }

    /** The items of a sequence node; fails on a non-sequence. */
    List<YamlNode> items() {
        if (!(node instanceof SequenceNode sequence)) {
            throw fail("expected a list");
        }
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(values.get(i), path + "[" + i + "]", source));
        }
        return items;
    }

    /** The scalar text with environment variables substituted; fails on a map or list. */
    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw fail("expected a single value, not a " + (node instanceof MappingNode ? "map" : "list"));
        }
        return substitute(scalar.getValue());
    }

    /** Plain Java value: String for scalars, List and Map for collections (used for probe settings). */
    Object plain() {
        if (node instanceof MappingNode) {
            Map<String, Object> map = new LinkedHashMap<>();
            entries().forEach((k, v) -> map.put(k, v.isNull() ? null : v.plain()));
            return map;
        }
        if (node instanceof SequenceNode) {
            return items().stream().map(YamlNode::plain).toList();
        }
        return text();
    }

    private String substitute(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Optional<String> fromEnv = source.environment(name);
            String replacement = fromEnv.or(() -> Optional.ofNullable(matcher.group(2)))
                    .orElseThrow(() -> fail("environment variable " + name + " is not set (write ${" + name
                            + ":-default} to give a default)"));
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
