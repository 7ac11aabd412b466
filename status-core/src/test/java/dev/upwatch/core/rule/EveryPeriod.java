package dev.upwatch.core.rule;

import dev.upwatch.core.model.Recurrence;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A test recurrence: starts at {@code first} and every {@code period} after it (RRULEs and cron expressions are read by
 * status-calendar, which the core's tests do not see).
 */
record EveryPeriod(Instant first, Duration period) implements Recurrence {
    EveryPeriod {
        Objects.requireNonNull(first, "first");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    @Override
    public Optional<Instant> lastStartBetween(Instant from, Instant to) {
        if (to.isBefore(first) || from.isAfter(to)) {
            return Optional.empty();
        }
        Instant start = first.plus(period.multipliedBy(Duration.between(first, to).dividedBy(period)));
        return start.isBefore(from) ? Optional.empty() : Optional.of(start);
    }

    @Override
    public Optional<Instant> firstStartAfter(Instant after, Instant until) {
        Instant start = after.isBefore(first) ? first
                : first.plus(period.multipliedBy(Duration.between(first, after).dividedBy(period) + 1));
        return start.isAfter(until) ? Optional.empty() : Optional.of(start);
    }

    @Override
    public String text() {
        return "every " + period + " from " + first;
    }
}
