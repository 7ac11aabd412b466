package dev.upwatch.core.port;

import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.StatusChange;

import java.util.List;
import java.util.Optional;

/**
 * Turns a fact into the outbox messages of every channel routed to it, as values: no I/O, nothing sent. The core
 * commits them in the same transaction as the fact ({@link TransitionStore}), then hands them back: only then are they
 * delivered. Every {@link #plan} is followed by exactly one {@link #committed} or {@link #discarded} with its messages.
 */
public interface NotificationPlanner {

    /**
     * The messages for a status change (when present) and the incident events it caused, or that a person wrote. Called
     * on the checking thread: it must return quickly and must not block on the network or the store.
     */
    List<OutboxMessage> plan(Optional<StatusChange> change, List<IncidentEvent> incidentEvents);

    /**
     * The planned messages may be delivered: they were committed ({@code durable}), or the commit failed and they go
     * out without a durable record (a crash before delivery would lose them).
     */
    void committed(List<OutboxMessage> messages, boolean durable);

    /** The fact was refused and not stored: the planned messages are never to be sent. */
    void discarded(List<OutboxMessage> messages);
}
