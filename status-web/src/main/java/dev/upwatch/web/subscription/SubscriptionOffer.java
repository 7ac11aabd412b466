package dev.upwatch.web.subscription;

import dev.upwatch.notify.SubscriberNotifier;
import dev.upwatch.notify.subscription.Subscriptions;

import java.util.Objects;
import java.util.Optional;

/**
 * What the page offers its readers: subscriptions when the file has a {@code subscriptions} section, else nothing
 * (the routes then answer 404). Closed with the application: pending sends stay in the outbox for the next start.
 *
 * @param subscriptions the use cases of subscribing, when offered
 * @param notifier      the subscribers' planner and relay, when offered
 * @param webhooks      whether webhooks may subscribe
 */
public record SubscriptionOffer(Optional<Subscriptions> subscriptions, Optional<SubscriberNotifier> notifier,
                                boolean webhooks) implements AutoCloseable {
    public SubscriptionOffer {
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(notifier, "notifier");
    }

    /** Nothing offered. */
    public static SubscriptionOffer none() {
        return new SubscriptionOffer(Optional.empty(), Optional.empty(), false);
    }

    @Override
    public void close() {
        notifier.ifPresent(SubscriberNotifier::close);
    }
}
