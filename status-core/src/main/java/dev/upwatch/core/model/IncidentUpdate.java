package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an incident's timeline.
 *
 * @param at      when it was posted
 * @param state   the incident's state from then on
 * @param message what was said, e.g. "We are investigating elevated error rates."
 */
public record IncidentUpdate(Instant at, IncidentState state, String message) {
    public IncidentUpdate {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }
}
