package dev.upwatch.core.config;

import dev.upwatch.core.model.DurationText;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The durations a configuration key accepts, both ends included.
 *
 * @param min the shortest
 * @param max the longest
 */
public record DurationRange(Duration min, Duration max) {
    public DurationRange {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isNegative() || min.compareTo(max) > 0) {
            throw new IllegalArgumentException("a duration range is 0 <= min <= max, got " + min + " to " + max);
        }
    }

    /** The durations from {@code min} to {@code max}. */
    public static DurationRange of(Duration min, Duration max) {
        return new DurationRange(min, max);
    }

    /** What is wrong with {@code value}, if it lies outside: {@code must be at least 1m, got 10s}. */
    public Optional<String> problem(Duration value) {
        if (value.compareTo(min) < 0) {
            return Optional.of((min.equals(Duration.ofMillis(1)) ? "must be positive" : "must be at least "
                    + DurationText.format(min)) + ", got " + DurationText.format(value));
        }
        if (value.compareTo(max) > 0) {
            return Optional.of("must be at most " + DurationText.format(max) + ", got " + DurationText.format(value));
        }
        return Optional.empty();
    }

    /** The range as the documentation writes it: {@code 1s–365d}. */
    public String text() {
        return DurationText.format(min) + "–" + DurationText.format(max);
    }
}
