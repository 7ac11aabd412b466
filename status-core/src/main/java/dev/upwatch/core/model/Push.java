package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One push received for a push (heartbeat) monitor.
 *
 * @param at      when it arrived
 * @param up      whether the job reported success ({@code status=up}, the default) or failure
 * @param message what the job said, if anything
 */
public record Push(Instant at, boolean up, Optional<String> message) {
    public Push {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }
}
