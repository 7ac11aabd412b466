package dev.upwatch.core.condition;

import dev.upwatch.core.model.Observation;

import dev.upwatch.core.model.Condition;

import dev.upwatch.core.model.Placeholder;

import dev.upwatch.core.model.ConditionResult;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A typed condition {@code <left> == pat(...)}, {@code <left> == re(...)} or {@code <left> == any(...)}, or the same
 * with {@code !=}: the left side's value matches, or matches none of, what the right side accepts.
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
        String rendered = left.render(reading) + " " + operator + " " + matcher.source();
        boolean success;
        try {
            success = reading instanceof Reading.Present(Value value)
                    && matcher.matches(value) == (operator == Operator.EQUAL);
        } catch (Regex.GaveUp e) {
            return new ConditionResult(expression, rendered + " (" + e.getMessage() + ")", false);
        }
        return new ConditionResult(expression, rendered, success);
    }

    @Override
    public String toString() {
        return expression;
    }

    /** The right side of a match. */
    sealed interface Matcher permits Glob, Regex, AnyOf {
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
     * {@code re(...)}: a Java regular expression found anywhere in the value's text (anchor it with {@code ^...$} to
     * match the whole). Matching is given a step budget proportional to the text, so a pattern that backtracks
     * catastrophically on a large body fails its condition instead of stalling the checks.
     *
     * @param source as written
     * @param regex  the compiled expression
     */
    record Regex(String source, java.util.regex.Pattern regex) implements Matcher {
        /** Character reads allowed per character of text, plus a fixed allowance. */
        private static final long STEPS_PER_CHAR = 1_000;
        private static final long BASE_STEPS = 1_000_000;

        Regex {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(regex, "regex");
        }

        @Override
        public boolean matches(Value value) {
            String text = value.text();
            try {
                return regex.matcher(new Budgeted(text, BASE_STEPS + STEPS_PER_CHAR * text.length())).find();
            } catch (StackOverflowError e) {
                throw new GaveUp("regular expression too deep for this value");
            }
        }

        /** Matching stopped before an answer; the condition fails and says so. */
        static final class GaveUp extends RuntimeException {
            private static final long serialVersionUID = 1L;

            GaveUp(String message) {
                super(message, null, false, false);
            }
        }

        /** The text, counting character reads and giving up past the budget. */
        private static final class Budgeted implements CharSequence {
            private final String text;
            private final long[] left;

            Budgeted(String text, long budget) {
                this(text, new long[] {budget});
            }

            private Budgeted(String text, long[] left) {
                this.text = text;
                this.left = left;
            }

            @Override
            public char charAt(int index) {
                if (--left[0] < 0) {
                    throw new GaveUp("regular expression gave up: too much backtracking");
                }
                return text.charAt(index);
            }

            @Override
            public int length() {
                return text.length();
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                return new Budgeted(text.substring(start, end), left);
            }

            @Override
            public String toString() {
                return text;
            }
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
