package dev.upwatch.core.condition;

import java.util.List;
import java.util.Objects;

/** One side of a condition as parsed, before {@link TypeChecker} types its literals against the other side. */
sealed interface Term {

    /** As written. */
    String source();

    /** 0-based index of its first character in the condition. */
    int position();

    /** A placeholder or a function of one: read from the check, with a type of its own. */
    record Read(Operand operand, int position) implements Term {
        public Read {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String source() {
            return operand.source();
        }
    }

    /**
     * A literal such as {@code 200}, {@code 48h}, {@code UP} or {@code "all good"}.
     *
     * @param text   the literal, quotes and escapes removed
     * @param quoted whether it was written in quotes, which makes it text whatever it spells
     */
    record Literal(String source, int position, String text, boolean quoted) implements Term {
        public Literal {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code pat(glob)}. */
    record Pattern(String source, int position, String glob) implements Term {
        public Pattern {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(glob, "glob");
        }
    }

    /** {@code re(regex)}, compiled when parsed. */
    record Regex(String source, int position, java.util.regex.Pattern regex) implements Term {
        public Regex {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(regex, "regex");
        }
    }

    /** {@code any(v1, v2, ...)}. */
    record Choice(String source, int position, List<Literal> options) implements Term {
        public Choice {
            Objects.requireNonNull(source, "source");
            options = List.copyOf(options);
        }
    }
}
