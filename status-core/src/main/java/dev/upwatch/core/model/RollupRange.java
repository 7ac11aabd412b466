package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The buckets of one tier whose start lies in {@code [from, to)}; both ends are aligned to the tier.
 *
 * @param tier the tier read
 * @param from start of the first bucket
 * @param to   start of the first bucket after the range
 */
public record RollupRange(RollupTier tier, Instant from, Instant to) {
    public RollupRange {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a range must end after it starts: " + from + " .. " + to);
        }
        if (!tier.isAligned(from) || !tier.isAligned(to)) {
            throw new IllegalArgumentException("range " + from + " .. " + to + " is not aligned to " + tier.wireName()
                    + " buckets");
        }
    }
}
