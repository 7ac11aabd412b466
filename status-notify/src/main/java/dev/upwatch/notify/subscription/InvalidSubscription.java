package dev.upwatch.notify.subscription;

import java.util.Objects;

/** A subscription request that cannot be accepted: names the field and the problem, for the form and the API. */
public final class InvalidSubscription extends RuntimeException {
    private final String field;

    public InvalidSubscription(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
    }

    /** The request field at fault, e.g. {@code email}. */
    public String field() {
        return field;
    }

    /** The problem without the field's name. */
    public String problem() {
        return getMessage().substring(field.length() + 2);
    }
}
