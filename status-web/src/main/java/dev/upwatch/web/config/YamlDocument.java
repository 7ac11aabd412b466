package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.EnvironmentText;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * The YAML adapter of the configuration: parses the file's text with SnakeYAML into the format-neutral
 * {@link ConfigNode} tree that the section readers read, every node with its key path and line. Scalars have
 * {@code ${VAR}} and {@code ${VAR:-default}} replaced from the environment; an unset variable without a default makes
 * the value invalid (reported when it is read). Aliases are expanded, within {@link #MAX_VALUES}; a value containing
 * itself is invalid. Text that is not YAML is one problem with the line where parsing stopped.
 */
final class YamlDocument {
    /** Most values the document may expand to through aliases. */
    static final int MAX_VALUES = 100_000;
    /** Longest document, in code points. */
    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;

    private final String source;
    private final Map<String, String> environment;
    /** The collections being converted, to refuse one that contains itself through an alias. */
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The nodes converted so far: meeting one again is meeting an alias of it. */
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    /** While an alias is expanded, the line of the value that holds it (an alias keeps no line of its own); else 0. */
    private int aliasLine;
    private int values;

    private YamlDocument(String source, Map<String, String> environment) {
        this.source = source;
        this.environment = environment;
    }

    /**
     * The tree of {@code text}; a null node for an empty document.
     *
     * @param source      how problems name the file
     * @param environment variables for {@code ${VAR}}
     * @throws ConfigException when the text is not YAML or expands beyond {@link #MAX_VALUES}
     */
    static ConfigNode read(String text, String source, Map<String, String> environment) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            // Aliases are counted where they are expanded (MAX_VALUES), with the line of the one that overflows.
            options.setMaxAliasesForCollections(Integer.MAX_VALUE);
            options.setCodePointLimit(MAX_CODE_POINTS);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw problem(source, mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + e.getProblem());
        } catch (ReaderException e) {
            throw problem(source, lineAt(text, e.getPosition()), "not valid YAML: the character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed");
        } catch (YAMLException e) {
            // What SnakeYAML reports without a position: the document is longer than the code point limit.
            throw problem(source, lineAt(text, MAX_CODE_POINTS), "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return ConfigNode.nullValue(source, "", 1);
        }
        return new YamlDocument(source, environment).node(root, "", 1);
    }

    /** The node of {@code node}, found at {@code path} in a value on line {@code parentLine}. */
    private ConfigNode node(Node node, String path, int parentLine) {
        int line = line(node, parentLine);
        boolean alias = aliasLine == 0 && !seen.add(node);
        if (alias) {
            aliasLine = parentLine;
        }
        try {
            if (++values > MAX_VALUES) {
                throw problem(source, aliasLine > 0 ? aliasLine : line, "the document expands to more than " + MAX_VALUES
                        + " values (through aliases)");
            }
            if (node instanceof ScalarNode scalar) {
                return Tag.NULL.equals(scalar.getTag()) ? ConfigNode.nullValue(source, path, line)
                        : EnvironmentText.scalar(source, path, line, scalar.getValue(), environment);
            }
            if (!open.add(node)) {
                return ConfigNode.invalid(source, path, line, "a value may not contain itself (through an alias)");
            }
            try {
                return node instanceof MappingNode mapping ? map(mapping, path, line) : list((SequenceNode) node, path, line);
            } finally {
                open.remove(node);
            }
        } finally {
            if (alias) {
                aliasLine = 0;
            }
        }
    }

    private ConfigNode map(MappingNode mapping, String path, int line) {
        List<ConfigNode.Entry> entries = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                return ConfigNode.invalid(source, path, line(tuple.getKeyNode(), line), "keys must be plain text");
            }
            int keyLine = line(key, line);
            entries.add(new ConfigNode.Entry(key.getValue(), keyLine,
                    node(tuple.getValueNode(), ConfigNode.keyPath(path, key.getValue()), keyLine)));
        }
        return ConfigNode.map(source, path, line, entries);
    }

    private ConfigNode list(SequenceNode sequence, String path, int line) {
        List<ConfigNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(node(values.get(i), ConfigNode.itemPath(path, i), line));
        }
        return ConfigNode.list(source, path, line, items);
    }

    /** The 1-based line {@code node} starts on, or {@code fallback}. */
    private static int line(Node node, int fallback) {
        return node.getStartMark() == null ? fallback : node.getStartMark().getLine() + 1;
    }

    /** The 1-based line of the code point at {@code position} (line breaks: LF, CRLF, CR). */
    static int lineAt(String text, int position) {
        int line = 1;
        int offset = 0;
        for (int index = 0; index < position && offset < text.length(); index++) {
            char c = text.charAt(offset);
            if (c == '\n' || c == '\r' && (offset + 1 >= text.length() || text.charAt(offset + 1) != '\n')) {
                line++;
            }
            offset += Character.charCount(text.codePointAt(offset));
        }
        return line;
    }

    private static ConfigException problem(String source, int line, String message) {
        return new ConfigException(List.of(new ConfigProblem(source, line, "", message)));
    }
}
