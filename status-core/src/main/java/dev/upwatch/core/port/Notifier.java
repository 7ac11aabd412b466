package dev.upwatch.core.port;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;

/**
 * Told of every status change once it is committed with its consequences (see {@link TransitionStore}), and of every
 * completed check: the live page, logs and metrics. Called on the checking thread of the monitor: an implementation
 * must hand slow work to its own threads and return quickly, so that notifying never delays probing. Notifications
 * to channels are not sent from here: they are planned and committed with the change ({@link NotificationPlanner}).
 */
public interface Notifier {

    /** A monitor changed status. */
    void statusChanged(StatusChange change);

    /**
     * Told of every completed check, after its sample has been applied, on the checking thread; must return at
     * once (this runs once per check, not once per transition). Does nothing by default.
     */
    default void checked(Monitor monitor, Sample sample) {
    }

    /**
     * {@code monitor} was paused: it is not checked until it is resumed, so anything repeated about it (reminders)
     * stops. Does nothing by default.
     */
    default void paused(Monitor monitor) {
    }
}
