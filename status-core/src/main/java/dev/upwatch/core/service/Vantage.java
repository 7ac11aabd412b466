package dev.upwatch.core.service;

import dev.upwatch.core.model.Location;

import java.time.Duration;
import java.util.Objects;

/**
 * Where this node of a cluster checks from, which makes its {@link StatusService} decide each monitor's status from
 * every location's verdict ({@link dev.upwatch.core.rule.QuorumVerdict}) instead of from its own checks alone.
 *
 * @param location this node's location
 * @param grace    how long beyond 3 intervals a silent location still counts in a vote (the cluster's lease time)
 */
public record Vantage(Location location, Duration grace) {
    public Vantage {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
    }
}
