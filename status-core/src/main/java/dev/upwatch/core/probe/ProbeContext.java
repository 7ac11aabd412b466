package dev.upwatch.core.probe;

import dev.upwatch.core.model.Placeholder;
import dev.upwatch.core.model.MonitorId;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a probe knows about the check it runs.
 *
 * @param monitorId    the monitor being checked
 * @param timeout      the whole check's time budget
 * @param deadlineNanos {@link System#nanoTime()} value at which the runner abandons the check
 * @param needed       the placeholders the monitor's conditions read; a probe collects only these
 *                     (the body is read only when {@link Placeholder#BODY} is needed)
 * @param interval     the monitor's check interval (a push monitor allows interval + grace between pushes); a context
 *                     made without one (the four-argument constructor) carries the timeout here
 */
public record ProbeContext(MonitorId monitorId, Duration timeout, long deadlineNanos, Set<Placeholder> needed,
                           Duration interval) {
    public ProbeContext {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(interval, "interval");
        needed = Set.copyOf(needed);
    }

    /** A context without an interval (as before the interval was added): the timeout stands in for it. */
    public ProbeContext(MonitorId monitorId, Duration timeout, long deadlineNanos, Set<Placeholder> needed) {
        this(monitorId, timeout, deadlineNanos, needed, timeout);
    }

    /** A context whose deadline is {@code timeout} from now. */
    public static ProbeContext startingNow(MonitorId monitorId, Duration timeout, Set<Placeholder> needed) {
        return new ProbeContext(monitorId, timeout, System.nanoTime() + timeout.toNanos(), needed);
    }

    /** A context of a monitor checked every {@code interval}, whose deadline is {@code timeout} from now. */
    public static ProbeContext startingNow(MonitorId monitorId, Duration timeout, Duration interval,
                                           Set<Placeholder> needed) {
        return new ProbeContext(monitorId, timeout, System.nanoTime() + timeout.toNanos(), needed, interval);
    }

    /** Time left before the deadline; zero once it has passed. */
    public Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** True when a condition reads {@code placeholder}. */
    public boolean needs(Placeholder placeholder) {
        return needed.contains(placeholder);
    }
}
