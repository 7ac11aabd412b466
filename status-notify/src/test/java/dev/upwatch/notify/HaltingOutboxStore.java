package dev.upwatch.notify;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.OutboxStore;

import java.time.Instant;
import java.util.List;

/** Wraps a real outbox and kills the JVM, like {@code kill -9}, the moment a message has been stored. */
record HaltingOutboxStore(OutboxStore store, int exitCode) implements OutboxStore {

    @Override
    public void enqueue(List<OutboxMessage> messages) {
        store.enqueue(messages);
        Runtime.getRuntime().halt(exitCode);
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
}
