package dev.upwatch.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When something starts: once, or again and again (an RRULE, a cron expression). Queries take a bounded range
 * so that an implementation never scans without end.
 */
public interface Recurrence {

    /** The latest start in {@code [from, to]}, if any. */
    Optional<Instant> lastStartBetween(Instant from, Instant to);

    /** The earliest start in {@code (after, until]}, if any. */
    Optional<Instant> firstStartAfter(Instant after, Instant until);

    /** The rule as configured, for display ({@code FREQ=WEEKLY;BYDAY=SU}, {@code 0 2 * * 0}, or the instant). */
    String text();

    /** A single start at {@code at}. */
    static Recurrence once(Instant at) {
        Objects.requireNonNull(at, "at");
        return new Recurrence() {
            @Override
            public Optional<Instant> lastStartBetween(Instant from, Instant to) {
                return at.isBefore(from) || at.isAfter(to) ? Optional.empty() : Optional.of(at);
            }

            @Override
            public Optional<Instant> firstStartAfter(Instant after, Instant until) {
                return at.isAfter(after) && !at.isAfter(until) ? Optional.of(at) : Optional.empty();
            }

            @Override
            public String text() {
                return at.toString();
            }

            @Override
            public String toString() {
                return "once at " + at;
            }
        };
    }
}
