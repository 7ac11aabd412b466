package dev.upwatch.core.port;

import dev.upwatch.core.model.IncidentEvent;

/**
 * Told when an incident opens, changes or resolves. Like {@link Notifier}, it must return at once and do
 * slow work (network delivery) on its own threads.
 */
public interface IncidentListener {

    /** An incident changed. */
    void incidentChanged(IncidentEvent event);
}
