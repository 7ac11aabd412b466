package dev.upwatch.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Planned maintenance of some monitors: while a window is open their failures do not make them DOWN, no alert
 * is sent and no incident is opened; they show as MAINTENANCE.
 *
 * @param title    what is being done, shown on the page ("Database upgrade")
 * @param monitors the monitors it covers (never empty)
 * @param starts   when each window opens (once, an RRULE or a cron expression)
 * @param duration how long each window stays open (positive)
 */
public record MaintenanceWindow(String title, Set<MonitorId> monitors, Recurrence starts, Duration duration) {
    public MaintenanceWindow {
        Objects.requireNonNull(title, "title");
        monitors = Set.copyOf(monitors);
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(duration, "duration");
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        if (monitors.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window must cover at least one monitor");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + DurationText.format(duration));
        }
    }

    /** The window open at {@code at} (start &le; at &lt; start + duration), if one is. */
    public Optional<Occurrence> openAt(Instant at) {
        return starts.lastStartBetween(at.minus(duration).plusNanos(1), at).map(this::occurrence);
    }

    /** The next window to open after {@code after}, at most {@code horizon} later. */
    public Optional<Occurrence> nextAfter(Instant after, Duration horizon) {
        return starts.firstStartAfter(after, after.plus(horizon)).map(this::occurrence);
    }

    private Occurrence occurrence(Instant start) {
        return new Occurrence(this, start, start.plus(duration));
    }

    /** One opening of a window: {@code [start, end)}. */
    public record Occurrence(MaintenanceWindow window, Instant start, Instant end) {
        public Occurrence {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        /** True when {@code at} lies inside the window. */
        public boolean isOpenAt(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }
}
