package dev.upwatch.core.port;

import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.model.SubscriptionId;

import java.util.List;

/** Confirmed subscriptions of readers to status pages. */
public interface SubscriptionStore {

    /**
     * Stores {@code subscription}; when its page, kind and address already have one, that one keeps its id and takes
     * the new services (and secret). Returns the subscription as stored.
     */
    Subscription save(Subscription subscription);

    /** Removes the subscription; false when there was none. */
    boolean remove(SubscriptionId id);

    /** Every subscription, oldest confirmation first. */
    List<Subscription> all();
}
