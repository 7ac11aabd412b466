package dev.upwatch.core.condition;

import dev.upwatch.core.condition.JsonValue.JsonArray;
import dev.upwatch.core.condition.JsonValue.JsonBoolean;
import dev.upwatch.core.condition.JsonValue.JsonNumber;
import dev.upwatch.core.condition.JsonValue.JsonObject;
import dev.upwatch.core.condition.JsonValue.JsonString;
import dev.upwatch.core.model.DurationText;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A value a condition compares: read from a check or written as a literal; immutable. */
sealed interface Value {
    /** Values longer than this many characters are cut and end in an ellipsis when rendered. */
    int SHOWN_LENGTH = 60;

    /** Number literals: an optional minus, digits, an optional fraction; no exponent. */
    Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** The value as text: what {@code pat()} matches and what values without a common type compare by. */
    String text();

    /** The number this value is, when it is one. */
    default Optional<BigDecimal> number() {
        return Optional.empty();
    }

    /** The number this value is or reads as; ordering operators accept numbers written as JSON strings too. */
    default Optional<BigDecimal> numeric() {
        return number();
    }

    /** The boolean this value is, when it is one. */
    default Optional<Boolean> truth() {
        return Optional.empty();
    }

    /** The value as rendered after a placeholder: control characters escaped, cut to about 60 characters. */
    default String shown() {
        return shorten(text());
    }

    /**
     * Whether two values are equal: durations by length, numbers by value ({@code 1.0 == 1}), booleans by truth,
     * everything else by text.
     */
    static boolean equal(Value a, Value b) {
        if (a instanceof DurationValue x && b instanceof DurationValue y) {
            return x.duration().equals(y.duration());
        }
        Optional<BigDecimal> x = a.number();
        Optional<BigDecimal> y = b.number();
        if (x.isPresent() && y.isPresent()) {
            return x.get().compareTo(y.get()) == 0;
        }
        Optional<Boolean> p = a.truth();
        Optional<Boolean> q = b.truth();
        if (p.isPresent() && q.isPresent()) {
            return p.get().equals(q.get());
        }
        return a.text().equals(b.text());
    }

    /** How {@code a} orders against {@code b} (negative, zero, positive), or empty when they are not both numbers or durations. */
    static Optional<Integer> order(Value a, Value b) {
        if (a instanceof DurationValue x && b instanceof DurationValue y) {
            return Optional.of(x.duration().compareTo(y.duration()));
        }
        Optional<BigDecimal> x = a.numeric();
        Optional<BigDecimal> y = b.numeric();
        return x.isPresent() && y.isPresent() ? Optional.of(x.get().compareTo(y.get())) : Optional.empty();
    }

    /** The number {@code text} spells in the literal form {@link #NUMBER}, if it does. */
    static Optional<BigDecimal> parseNumber(String text) {
        return NUMBER.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    /** The value found at a JSON path. */
    static Value of(JsonValue json) {
        return switch (json) {
            case JsonString string -> new TextValue(string.value());
            case JsonNumber number -> new NumberValue(number.value(), number.text());
            case JsonBoolean bool -> new BooleanValue(bool.value());
            case JsonArray array -> new StructureValue(array);
            case JsonObject object -> new StructureValue(object);
            case JsonValue.JsonNull nothing -> new StructureValue(nothing);
        };
    }

    /** Escapes control characters and cuts {@code text} to about {@link #SHOWN_LENGTH} characters, ending in an ellipsis. */
    static String shorten(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= SHOWN_LENGTH) {
                int cut = SHOWN_LENGTH - 1;
                if (Character.isHighSurrogate(out.charAt(cut - 1))) {
                    cut--;
                }
                out.setLength(cut);
                return out.append('…').toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Prints a duration with {@link DurationText#format}, to the millisecond, negative ones with a leading minus. */
    static String formatDuration(Duration duration) {
        Duration magnitude = duration.abs();
        Duration largest = Duration.ofDays(1_000_000_000L);
        if (magnitude.compareTo(largest) > 0) {
            magnitude = largest;
        }
        String text = DurationText.format(Duration.ofMillis(magnitude.toMillis()));
        return duration.isNegative() ? "-" + text : text;
    }

    /**
     * A number.
     *
     * @param value the number
     * @param text  the number as written or produced, e.g. {@code 503}
     */
    record NumberValue(BigDecimal value, String text) implements Value {
        public NumberValue {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }

        static NumberValue of(long value) {
            return new NumberValue(BigDecimal.valueOf(value), Long.toString(value));
        }

        @Override
        public Optional<BigDecimal> number() {
            return Optional.of(value);
        }
    }

    /** A length of time; may be negative (a certificate that has expired). */
    record DurationValue(Duration duration) implements Value {
        public DurationValue {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String text() {
            return formatDuration(duration);
        }
    }

    /**
     * A share in percent, e.g. a packet loss; prints with a {@code %} sign ({@code 20%}, {@code 33.33%}).
     *
     * @param percent the share, in percent (0–100 for a packet loss)
     */
    record PercentValue(BigDecimal percent) implements Value {
        public PercentValue {
            Objects.requireNonNull(percent, "percent");
        }

        @Override
        public String text() {
            return (percent.signum() == 0 ? BigDecimal.ZERO : percent.stripTrailingZeros()).toPlainString() + "%";
        }

        @Override
        public Optional<BigDecimal> number() {
            return Optional.of(percent);
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanValue(boolean value) implements Value {
        @Override
        public String text() {
            return Boolean.toString(value);
        }

        @Override
        public Optional<Boolean> truth() {
            return Optional.of(value);
        }
    }

    /** Text: a body, a header, an address, a JSON string or a literal compared with one. */
    record TextValue(String text) implements Value {
        public TextValue {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Optional<BigDecimal> numeric() {
            return parseNumber(text.strip());
        }
    }

    /**
     * A literal compared with a JSON value, whose type is known only when the check runs: it compares as a number
     * against a JSON number, as a boolean against a JSON boolean, else as text.
     *
     * @param text   the literal as written, quotes removed
     * @param number the number it spells, unless quoted
     * @param truth  {@code true} or {@code false} when it spells one, unless quoted
     */
    record LiteralValue(String text, Optional<BigDecimal> number, Optional<Boolean> truth) implements Value {
        public LiteralValue {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(truth, "truth");
        }
    }

    /** A JSON array, object or {@code null}; compares as its compact JSON text. */
    record StructureValue(JsonValue json) implements Value {
        public StructureValue {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String text() {
            return json.toJson();
        }

        /** The number of elements or members; empty for {@code null}. */
        Optional<Integer> size() {
            return switch (json) {
                case JsonArray array -> Optional.of(array.elements().size());
                case JsonObject object -> Optional.of(object.members().size());
                default -> Optional.empty();
            };
        }
    }
}
