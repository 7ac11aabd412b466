package dev.upwatch.notify;

import dev.upwatch.core.model.DurationText;

import java.time.Duration;
import java.util.Objects;

/**
 * When a monitor counts as flapping for a channel: more than {@code maxChanges} notified transitions within
 * {@code window}. The channel then gets one {@code service.flapping} message and nothing more about that monitor
 * until it has been stable (no transition) for {@code window}, when it gets the monitor's latest event.
 *
 * @param maxChanges transitions allowed within the window; 0 turns suppression off
 * @param window     how far back transitions are counted, and how long a monitor must be stable to end flapping
 */
public record FlapRule(int maxChanges, Duration window) {
    /** The default: more than 5 transitions in 10 minutes. */
    public static final FlapRule DEFAULT = new FlapRule(5, Duration.ofMinutes(10));
    /** Never suppress. */
    public static final FlapRule OFF = new FlapRule(0, Duration.ofMinutes(10));

    public FlapRule {
        Objects.requireNonNull(window, "window");
        if (maxChanges < 0 || maxChanges > 1000) {
            throw new IllegalArgumentException("flap-limit must be between 0 (off) and 1000, got " + maxChanges);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("flap-window must be positive, got " + DurationText.format(window));
        }
    }

    /** True when suppression is on. */
    public boolean enabled() {
        return maxChanges > 0;
    }
}
