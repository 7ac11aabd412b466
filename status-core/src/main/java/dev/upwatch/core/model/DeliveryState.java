package dev.upwatch.core.model;

/** Where an outbox message stands: waiting for (another) attempt, delivered, or given up. */
public enum DeliveryState {
    /** Not yet delivered; will be attempted at its next attempt time. */
    PENDING,
    /** Accepted by the receiver; never sent again. */
    DELIVERED,
    /** Given up: rejected, attempts exhausted, or its endpoint disabled; never sent again. */
    DEAD
}
