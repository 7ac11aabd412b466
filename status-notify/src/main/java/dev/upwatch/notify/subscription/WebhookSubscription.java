package dev.upwatch.notify.subscription;

import dev.upwatch.core.model.Subscription;

import java.util.Objects;

/**
 * A webhook subscription just made, with what its creator is told once.
 *
 * @param subscription     as stored (its secret signs every delivery)
 * @param unsubscribeToken the token that ends it
 */
public record WebhookSubscription(Subscription subscription, String unsubscribeToken) {
    public WebhookSubscription {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(unsubscribeToken, "unsubscribeToken");
    }
}
