package dev.upwatch.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fact and its consequences, committed together or not at all: a monitor's new status (absent for an incident
 * written by a person), the incidents it opened, updated or resolved (each as it stands after the fact), and the
 * outbox messages of every channel routed to it.
 *
 * @param status    the monitor's new status, when the fact is a status change
 * @param incidents incidents to store, whole (timeline included)
 * @param messages  notifications to store as pending, one per channel and event
 */
public record Transition(Optional<CommittedStatus> status, List<Incident> incidents, List<OutboxMessage> messages) {
    public Transition {
        Objects.requireNonNull(status, "status");
        incidents = List.copyOf(incidents);
        messages = List.copyOf(messages);
    }

    /** A monitor's status alone, as restored without notifications: the point later restores start from. */
    public static Transition baseline(CommittedStatus status) {
        return new Transition(Optional.of(status), List.of(), List.of());
    }
}
