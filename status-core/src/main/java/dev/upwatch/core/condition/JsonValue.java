package dev.upwatch.core.condition;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A JSON document or part of one, as read by {@link JsonReader}; immutable. */
sealed interface JsonValue {

    /** Writes this value as compact JSON. */
    void write(StringBuilder out);

    /** This value as compact JSON. */
    default String toJson() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    /** A JSON object; members keep their document order, a repeated name keeps its last value. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        @Override
        public void write(StringBuilder out) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> member : members.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                JsonString.quote(member.getKey(), out);
                out.append(':');
                member.getValue().write(out);
            }
            out.append('}');
        }
    }

    /** A JSON array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }

        @Override
        public void write(StringBuilder out) {
            out.append('[');
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                elements.get(i).write(out);
            }
            out.append(']');
        }
    }

    /** A JSON string, escapes resolved. */
    record JsonString(String value) implements JsonValue {
        public JsonString {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public void write(StringBuilder out) {
            quote(value, out);
        }

        static void quote(String value, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }

    /**
     * A JSON number.
     *
     * @param value the number
     * @param text  the number as written in the document, e.g. {@code 1e3}
     */
    record JsonNumber(BigDecimal value, String text) implements JsonValue {
        public JsonNumber {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public void write(StringBuilder out) {
            out.append(text);
        }
    }

    /** JSON {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {
        @Override
        public void write(StringBuilder out) {
            out.append(value);
        }
    }

    /** JSON {@code null}. */
    record JsonNull() implements JsonValue {
        @Override
        public void write(StringBuilder out) {
            out.append("null");
        }
    }
}
