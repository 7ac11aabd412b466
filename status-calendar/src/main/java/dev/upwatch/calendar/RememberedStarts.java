package dev.upwatch.calendar;

import dev.upwatch.core.model.Recurrence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurrence that remembers the two starts around the instant it was last asked about. Checks ask for the latest
 * start in {@code [t - duration, t]} at instants a little apart, mostly between the same two starts, and are then
 * answered without a search (lib-recur builds an iterator for each, a cron-utils search takes tens of microseconds;
 * figures in docs/benchmarks.md).
 */
final class RememberedStarts implements Recurrence {
    /** How far after an instant the start after it is looked for, to remember it (a search stops at the first). */
    private static final Duration AHEAD = Duration.ofDays(400);
    /**
     * How far before an instant the start before it is looked for, in growing steps: an RRULE search walks every
     * start in its range, so a daily rule is not walked over a year to find yesterday's start.
     */
    private static final List<Duration> BACK = List.of(Duration.ofDays(1), Duration.ofDays(32), Duration.ofDays(400));

    private final Recurrence searched;
    /** The two starts around the instant last asked about; replaced whole, so readers need no lock. */
    private volatile Bracket known;

    RememberedStarts(Recurrence searched) {
        this.searched = Objects.requireNonNull(searched, "searched");
    }

    @Override
    public Optional<Instant> lastStartBetween(Instant from, Instant to) {
        if (from.isAfter(to)) {
            return Optional.empty();
        }
        Bracket bracket = known;
        if (bracket != null && bracket.holds(to)) {
            return bracket.start().isBefore(from) ? Optional.empty() : Optional.of(bracket.start());
        }
        Optional<Instant> latest = searched.lastStartBetween(from, to);
        Optional<Instant> previous = latest;
        for (Duration back : BACK) {
            Instant low = to.minus(back);
            if (previous.isPresent() || !from.isAfter(low)) {
                break;
            }
            previous = searched.lastStartBetween(low, from.minusNanos(1));
        }
        Optional<Instant> next = searched.firstStartAfter(to, to.plus(AHEAD));
        if (previous.isPresent() && next.isPresent()) {
            known = new Bracket(previous.get(), next.get());
        }
        return latest;
    }

    @Override
    public Optional<Instant> firstStartAfter(Instant after, Instant until) {
        if (!after.isBefore(until)) {
            return Optional.empty();
        }
        Bracket bracket = known;
        if (bracket != null && bracket.holds(after)) {
            return bracket.next().isAfter(until) ? Optional.empty() : Optional.of(bracket.next());
        }
        return searched.firstStartAfter(after, until);
    }

    @Override
    public String text() {
        return searched.text();
    }

    @Override
    public String toString() {
        return searched.toString();
    }

    /** Two consecutive starts: no start lies strictly between them. */
    private record Bracket(Instant start, Instant next) {
        /** True when the latest start up to {@code at} is {@link #start} and the first after it {@link #next}. */
        boolean holds(Instant at) {
            return !at.isBefore(start) && at.isBefore(next);
        }
    }
}
