package dev.upwatch.core.port;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An {@link OutboxStore} that hands every call to another; crash tests override the calls they halt in. */
public class ForwardingOutboxStore implements OutboxStore {
    private final OutboxStore store;

    public ForwardingOutboxStore(OutboxStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void enqueue(List<OutboxMessage> messages) {
        store.enqueue(messages);
    }

    @Override
    public List<OutboxMessage> pending() {
        return store.pending();
    }

    @Override
    public boolean claim(String messageId, String channel, String owner, Instant now, Instant until) {
        return store.claim(messageId, channel, owner, now, until);
    }

    @Override
    public void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
        store.recordAttempt(attempt, nextAttemptAt);
    }

    @Override
    public List<DeliveryAttempt> deliveries(int limit) {
        return store.deliveries(limit);
    }

    @Override
    public void disable(DisabledChannel channel) {
        store.disable(channel);
    }

    @Override
    public List<DisabledChannel> disabledChannels() {
        return store.disabledChannels();
    }

    @Override
    public int prune(Instant before) {
        return store.prune(before);
    }

    @Override
    public java.util.Optional<dev.upwatch.core.model.OutboxMessage> revive(String messageId, String channel,
                                                                         java.time.Instant now) {
        return store.revive(messageId, channel, now);
    }
}
