package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote agent as the server knows it: the agent token it authenticates with, the location that token is bound to,
 * and how far its results have been taken in.
 *
 * @param tokenId      the id of its API token (scope {@link TokenScope#AGENT}); one agent per token
 * @param location     the location it checks from: it is assigned the monitors whose {@code locations} name it
 * @param acknowledged the highest result sequence number taken in (0 before the first); a result at or below it is a
 *                     repeat and is not counted again
 * @param lastContact  when it last fetched its assignment or delivered results; empty before its first contact
 */
public record Agent(String tokenId, Location location, long acknowledged, Optional<Instant> lastContact) {
    public Agent {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(lastContact, "lastContact");
        if (acknowledged < 0) {
            throw new IllegalArgumentException("acknowledged must not be negative: " + acknowledged);
        }
    }

    /** A newly registered agent that has not been heard from. */
    public static Agent registered(String tokenId, Location location) {
        return new Agent(tokenId, location, 0, Optional.empty());
    }
}
