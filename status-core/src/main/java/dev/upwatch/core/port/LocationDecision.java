package dev.upwatch.core.port;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Transition;

import java.util.Optional;

/**
 * Decides a monitor's status from its committed status and every location's verdict, while the store holds the
 * monitor's status row locked ({@link TransitionStore#report}): computes, does no I/O.
 */
@FunctionalInterface
public interface LocationDecision {

    /**
     * @param standing the monitor's committed status with every location's committed verdict (the reporting one
     *                 already replaced by its new report)
     * @return the change to commit in the same transaction, if the status changes
     */
    Optional<Transition> decide(CommittedStatus standing);
}
