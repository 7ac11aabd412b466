package dev.upwatch.core.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a monitor is checked from and how many of those places must agree on a failure.
 *
 * @param locations the locations that check it; empty means every location that has a live node
 * @param quorum    how many locations must say DOWN (or DEGRADED) for the monitor to be so; empty means a majority
 *                  of its locations; at least 1 and, when locations are listed, at most their number
 */
public record Placement(List<Location> locations, OptionalInt quorum) {
    /** Every live location, majority quorum: a monitor that names no locations. */
    public static final Placement EVERYWHERE = new Placement(List.of(), OptionalInt.empty());

    public Placement {
        locations = List.copyOf(locations);
        Objects.requireNonNull(quorum, "quorum");
        if (new LinkedHashSet<>(locations).size() != locations.size()) {
            throw new IllegalArgumentException("locations must not repeat a location, got " + locations);
        }
        if (quorum.isPresent()) {
            int q = quorum.getAsInt();
            if (q < 1) {
                throw new IllegalArgumentException("quorum must be at least 1, got " + q);
            }
            if (!locations.isEmpty() && q > locations.size()) {
                throw new IllegalArgumentException("quorum " + q + " exceeds the " + locations.size() + " locations");
            }
        }
    }

    /** True when {@code location} checks the monitor. */
    public boolean includes(Location location) {
        return locations.isEmpty() || locations.contains(location);
    }

    /**
     * How many of {@code live} locations must agree: the configured quorum (capped at {@code live}), else a majority.
     *
     * @param live how many of the monitor's locations have a live node (at least 1)
     */
    public int quorumOf(int live) {
        int majority = live / 2 + 1;
        return Math.max(1, Math.min(live, quorum.orElse(majority)));
    }
}
