package dev.upwatch.core.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** The identifier of one Upwatch process in a cluster ({@code cluster.node-id}), unique among the nodes. */
public record NodeId(String value) implements Comparable<NodeId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("node id '" + value
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Makes an id from its text form. */
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
