package dev.upwatch.core.condition;

import dev.upwatch.core.model.ConditionResult;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A typed condition {@code <left> == pat(...)} or {@code <left> == any(...)}, or the same with {@code !=}:
 * the left side's value matches, or matches none of, what the right side accepts.
 */
record Match(String expression, Operand left, Operator operator, Matcher matcher) implements Condition {
    Match {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(matcher, "matcher");
        if (operator.ordering()) {
            throw new IllegalArgumentException("a match takes == or !=, not " + operator);
        }
    }

    @Override
    public Set<Placeholder> placeholders() {
        return Operand.placeholders(left);
    }

    @Override
    public ConditionResult evaluate(Observation observation) {
        Reading reading = left.read(new ObservationReader(observation));
        boolean success = reading instanceof Reading.Present(Value value)
                && matcher.matches(value) == (operator == Operator.EQUAL);
        String rendered = left.render(reading) + " " + operator + " " + matcher.source();
        return new ConditionResult(expression, rendered, success);
    }

    @Override
    public String toString() {
        return expression;
    }

    /** The right side of a match. */
    sealed interface Matcher {
        /** As written, e.g. {@code pat(*ok*)}. */
        String source();

        boolean matches(Value value);
    }

    /**
     * {@code pat(...)}: a glob over the value's text where {@code *} stands for any run of characters, itself included.
     *
     * @param source  as written
     * @param pattern the glob, e.g. {@code *"status":"UP"*}
     */
    record Glob(String source, String pattern) implements Matcher {
        Glob {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public boolean matches(Value value) {
            return matches(value.text());
        }

        /** Matches in O(text × pattern) time without backtracking blow-up: each star remembers one restart point. */
        boolean matches(String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int resume = 0;
            while (t < text.length()) {
                if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    resume = t;
                } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                    p++;
                    t++;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++resume;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }

    /**
     * {@code any(...)}: equal to one of the values.
     *
     * @param source  as written
     * @param options the values, typed against the left side
     */
    record AnyOf(String source, List<Value> options) implements Matcher {
        AnyOf {
            Objects.requireNonNull(source, "source");
            options = List.copyOf(options);
            if (options.isEmpty()) {
                throw new IllegalArgumentException("any() needs at least one value");
            }
        }

        @Override
        public boolean matches(Value value) {
            return options.stream().anyMatch(option -> Value.equal(value, option));
        }
    }
}
