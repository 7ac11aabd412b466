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
 * @param ticker        what tells subscribers of maintenance openings, when offered
 */
public record SubscriptionOffer(Optional<Subscriptions> subscriptions, Optional<SubscriberNotifier> notifier,
                                boolean webhooks, Optional<? extends AutoCloseable> ticker) implements AutoCloseable {
    public SubscriptionOffer {
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(ticker, "ticker");
    }

    /** Nothing offered. */
    public static SubscriptionOffer none() {
        return new SubscriptionOffer(Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    @Override
    public void close() {
        ticker.ifPresent(t -> {
            try {
                t.close();
            } catch (Exception e) {
                throw new IllegalStateException("stopping the maintenance ticker failed", e);
            }
        });
        notifier.ifPresent(SubscriberNotifier::close);
    }
}
