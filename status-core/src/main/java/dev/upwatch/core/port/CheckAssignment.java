package dev.upwatch.core.port;

import dev.upwatch.core.model.Monitor;

/**
 * Which monitors this process checks now: all of them when it runs alone, its share of them in a cluster. The
 * scheduler asks at every slot, so a share that moves takes effect from the next slot.
 */
@FunctionalInterface
public interface CheckAssignment {
    /** A process alone checks every monitor. */
    CheckAssignment ALL = monitor -> true;

    /** True when this process should check {@code monitor} in the slot starting now. */
    boolean checksNow(Monitor monitor);
}
