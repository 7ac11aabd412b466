package dev.upwatch.core.definition;

import java.util.Objects;

/** A change of definitions the current state forbids, with the reason and a message that says what to do instead. */
public final class DefinitionRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Refusal reason;

    public DefinitionRefused(Refusal reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why it is refused. */
    public Refusal reason() {
        return reason;
    }
}
