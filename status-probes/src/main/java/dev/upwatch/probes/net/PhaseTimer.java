package dev.upwatch.probes.net;

import dev.upwatch.core.model.ProbeOutcome;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times the phases of one check on the monotonic clock: each {@link #lap} ends the phase running since the previous lap
 * (or the start) and adds its duration under a name; a name lapped again adds up (a connect tried on two addresses).
 * Used by one check's thread only, except {@link #lapAt} from a library's callback.
 */
public final class PhaseTimer {
    private final long startedAt;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long lastAt;

    private PhaseTimer(long startedAt) {
        this.startedAt = startedAt;
        this.lastAt = startedAt;
    }

    /** A timer whose first phase starts now. */
    public static PhaseTimer start() {
        return new PhaseTimer(System.nanoTime());
    }

    /** Ends the running phase now, as {@code phase}, and starts the next one. */
    public synchronized void lap(String phase) {
        lapAt(phase, System.nanoTime());
    }

    /** Ends the running phase at {@code nanoTime} ({@link System#nanoTime()}), as {@code phase}. */
    public synchronized void lapAt(String phase, long nanoTime) {
        long at = Math.max(nanoTime, lastAt);
        phases.merge(phase, at - lastAt, Long::sum);
        lastAt = at;
    }

    /** Time since the start. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** Writes the phases lapped so far and the time since the start as the response time; returns {@code outcome}. */
    public synchronized ProbeOutcome.Builder describeTo(ProbeOutcome.Builder outcome) {
        phases.forEach((name, nanos) -> outcome.phase(name, Duration.ofNanos(nanos)));
        return outcome.elapsed(elapsed());
    }
}
