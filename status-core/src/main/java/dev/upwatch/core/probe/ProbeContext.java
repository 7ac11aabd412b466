package dev.upwatch.core.probe;

import dev.upwatch.core.condition.Placeholder;
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
 */
public record ProbeContext(MonitorId monitorId, Duration timeout, long deadlineNanos, Set<Placeholder> needed) {
    public ProbeContext {
        Objects.requireNonNull(monitorId, "monitorId");
        Objects.requireNonNull(timeout, "timeout");
        needed = Set.copyOf(needed);
    }

    /** A context whose deadline is {@code timeout} from now. */
    public static ProbeContext startingNow(MonitorId monitorId, Duration timeout, Set<Placeholder> needed) {
        return new ProbeContext(monitorId, timeout, System.nanoTime() + timeout.toNanos(), needed);
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
