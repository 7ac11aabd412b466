package dev.upwatch.core.condition;

import java.util.Objects;

/** A condition that cannot be parsed or is ill-typed; names the text, the 0-based position and what is wrong. */
public class ConditionSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final int position;
    private final String reason;

    ConditionSyntaxException(String text, int position, String reason, String hint) {
        super(message(text, position, reason, hint));
        this.text = Objects.requireNonNull(text, "text");
        this.position = position;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String message(String text, int position, String reason, String hint) {
        String message = reason + " at position " + position + " in \"" + text + "\"";
        return hint == null || hint.isEmpty() ? message : message + "; " + hint;
    }

    /** The condition as written. */
    public String text() {
        return text;
    }

    /** The 0-based index of the offending character in {@link #text()}. */
    public int position() {
        return position;
    }

    /** What is wrong, without the position and the text, e.g. {@code unknown placeholder [STATU]}. */
    public String reason() {
        return reason;
    }
}
