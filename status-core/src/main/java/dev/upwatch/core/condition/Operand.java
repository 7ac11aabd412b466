package dev.upwatch.core.condition;

import dev.upwatch.core.model.Placeholder;

import dev.upwatch.core.condition.Value.BooleanValue;
import dev.upwatch.core.condition.Value.NumberValue;
import dev.upwatch.core.condition.Value.StructureValue;
import dev.upwatch.core.condition.Value.TextValue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One side of a typed comparison: something read from the check, or a constant; immutable. */
sealed interface Operand {

    /** The operand as written, e.g. {@code len([BODY].items)}. */
    String source();

    /** The placeholder this operand reads, if any. */
    Optional<Placeholder> reads();

    /** What this operand is on one check. */
    Reading read(ObservationReader reader);

    /** The operand as rendered in a result: what was written, then what it resolved to in parentheses. */
    default String render(Reading reading) {
        return source() + " (" + reading.shown() + ")";
    }

    /** The placeholders that {@code operands} read, in declaration order. */
    static Set<Placeholder> placeholders(Operand... operands) {
        EnumSet<Placeholder> read = EnumSet.noneOf(Placeholder.class);
        for (Operand operand : operands) {
            operand.reads().ifPresent(read::add);
        }
        return Collections.unmodifiableSet(read);
    }

    /**
     * A placeholder such as {@code [STATUS]}, {@code [HEADER].etag} or {@code [BODY].items[0].id}.
     *
     * @param source      as written
     * @param placeholder the placeholder read
     * @param header      the header name, exactly for {@link Placeholder#HEADER}
     * @param path        the JSON path, only for {@link Placeholder#BODY}
     */
    record Reference(String source, Placeholder placeholder, Optional<String> header, Optional<JsonPath> path)
            implements Operand {
        public Reference {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(placeholder, "placeholder");
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(path, "path");
            if (header.isPresent() != (placeholder == Placeholder.HEADER)) {
                throw new IllegalArgumentException("a header name goes with [HEADER] and only with it");
            }
            if (path.isPresent() && placeholder != Placeholder.BODY) {
                throw new IllegalArgumentException("only [BODY] takes a JSON path");
            }
        }

        @Override
        public Optional<Placeholder> reads() {
            return Optional.of(placeholder);
        }

        @Override
        public Reading read(ObservationReader reader) {
            return reader.read(this);
        }
    }

    /** {@code len(...)}: code points of text, elements of a JSON array, members of a JSON object. */
    record Length(String source, Reference argument) implements Operand {
        public Length {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(argument, "argument");
        }

        @Override
        public Optional<Placeholder> reads() {
            return argument.reads();
        }

        @Override
        public Reading read(ObservationReader reader) {
            Reading reading = argument.read(reader);
            if (!(reading instanceof Reading.Present(Value value))) {
                return reading;
            }
            Optional<Integer> length = switch (value) {
                case TextValue text -> Optional.of(text.text().codePointCount(0, text.text().length()));
                case StructureValue structure -> structure.size();
                default -> Optional.empty();
            };
            return length.<Reading>map(n -> new Reading.Present(NumberValue.of(n)))
                    .orElseGet(() -> new Reading.Unavailable("no length: " + value.shown()));
        }
    }

    /** {@code has(...)}: whether a JSON path exists in the body, or a header was sent. */
    record Presence(String source, Reference argument) implements Operand {
        public Presence {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(argument, "argument");
        }

        @Override
        public Optional<Placeholder> reads() {
            return argument.reads();
        }

        @Override
        public Reading read(ObservationReader reader) {
            return switch (argument.read(reader)) {
                case Reading.Present present -> new Reading.Present(new BooleanValue(true));
                case Reading.Absent absent -> new Reading.Present(new BooleanValue(false));
                case Reading.Unavailable unavailable -> unavailable;
            };
        }
    }

    /** A literal, typed against the other side when the condition was parsed. */
    record Constant(String source, Value value) implements Operand {
        public Constant {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<Placeholder> reads() {
            return Optional.empty();
        }

        @Override
        public Reading read(ObservationReader reader) {
            return new Reading.Present(value);
        }

        /** A literal renders as written. */
        @Override
        public String render(Reading reading) {
            return source;
        }
    }
}
