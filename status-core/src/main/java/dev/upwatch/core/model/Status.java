package dev.upwatch.core.model;

import java.util.Collection;

/**
 * The state of a monitored service, declared in ascending order of severity: {@link #worst} of a
 * group or page is the constant with the highest ordinal.
 */
public enum Status {
    /** Checks pass. */
    UP,
    /** Inside a maintenance window: failures do not count and no alert is sent. */
    MAINTENANCE,
    /** No verdict yet (no check has completed since start). */
    UNKNOWN,
    /** Checks pass but the response time is above the monitor's degraded threshold. */
    DEGRADED,
    /** The failure threshold of consecutive failed checks has been reached. */
    DOWN;

    /** True when this status is more severe than {@code other}. */
    public boolean isWorseThan(Status other) {
        return compareTo(other) > 0;
    }

    /** The most severe of the given statuses; {@link #UP} for none (an empty group is not failing). */
    public static Status worst(Collection<Status> statuses) {
        Status worst = UP;
        for (Status status : statuses) {
            if (status.isWorseThan(worst)) {
                worst = status;
            }
        }
        return worst;
    }

    /** Lower-case name used on the wire and in templates ({@code "down"}). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
