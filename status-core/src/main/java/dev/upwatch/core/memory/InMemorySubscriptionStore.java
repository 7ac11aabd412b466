package dev.upwatch.core.memory;

import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.model.SubscriptionId;
import dev.upwatch.core.port.SubscriptionStore;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A {@link SubscriptionStore} in memory, lost on exit (embedding, tests). */
public final class InMemorySubscriptionStore implements SubscriptionStore {
    private final Map<SubscriptionId, Subscription> byId = new LinkedHashMap<>();

    @Override
    public synchronized Subscription save(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        Subscription stored = byId.values().stream()
                .filter(s -> s.page().equals(subscription.page()) && s.kind() == subscription.kind()
                        && s.address().equals(subscription.address()))
                .findFirst()
                .map(s -> subscription.replacing(s.id()))
                .orElse(subscription);
        byId.put(stored.id(), stored);
        return stored;
    }

    @Override
    public synchronized boolean remove(SubscriptionId id) {
        return byId.remove(Objects.requireNonNull(id, "id")) != null;
    }

    @Override
    public synchronized List<Subscription> all() {
        return byId.values().stream().sorted(Comparator.comparing(Subscription::confirmedAt)).toList();
    }
}
