package dev.upwatch.core.condition;

import java.util.Objects;

/** What one operand resolved to on one check: a value, nothing, or a reason it could not be read. */
sealed interface Reading {
    /** Rendered in a missing value's place. */
    String NOT_AVAILABLE = "n/a";

    /** The text rendered in parentheses after the operand. */
    String shown();

    /** The operand has a value. */
    record Present(Value value) implements Reading {
        public Present {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String shown() {
            return value.shown();
        }
    }

    /** What the operand names does not exist on this check: no status code, no such header, no such JSON path. */
    record Absent() implements Reading {
        @Override
        public String shown() {
            return NOT_AVAILABLE;
        }
    }

    /**
     * The operand cannot be read at all, e.g. the body is missing or is not JSON; {@code has()} cannot answer either.
     *
     * @param reason rendered in the value's place, e.g. {@code invalid JSON: expected ':' at offset 12}; kept short
     */
    record Unavailable(String reason) implements Reading {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String shown() {
            return reason;
        }
    }
}
