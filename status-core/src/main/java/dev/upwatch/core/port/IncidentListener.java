package dev.upwatch.core.port;

import dev.upwatch.core.model.IncidentEvent;

/**
 * Told when an incident opens, changes or resolves, once that is committed. Like {@link Notifier}, it must return at
 * once and do slow work on its own threads.
 */
public interface IncidentListener {

    /** An incident changed. */
    void incidentChanged(IncidentEvent event);
}
