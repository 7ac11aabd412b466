package dev.upwatch.core.memory;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.OutboxStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An {@link OutboxStore} in memory, for embedding without a database and for tests; lost on exit. */
public final class InMemoryOutboxStore implements OutboxStore {
    private final Map<String, OutboxMessage> messages = new LinkedHashMap<>();
    private final List<DeliveryAttempt> log = new ArrayList<>();
    private final Map<String, DisabledChannel> disabled = new LinkedHashMap<>();
    /** Claims by message key; a claim ends with the attempt's record. */
    private final Map<String, Lease> leases = new HashMap<>();

    private record Lease(String owner, Instant until) {
    }

    @Override
    public synchronized void enqueue(List<OutboxMessage> batch) {
        for (OutboxMessage message : List.copyOf(batch)) {
            messages.putIfAbsent(key(message.id(), message.channel()), message);
        }
    }

    @Override
    public synchronized List<OutboxMessage> pending() {
        return messages.values().stream().filter(m -> m.state() == DeliveryState.PENDING)
                .sorted(Comparator.comparing(OutboxMessage::createdAt)).toList();
    }

    @Override
    public synchronized boolean claim(String messageId, String channel, String owner, Instant now, Instant until) {
        String key = key(messageId, channel);
        OutboxMessage message = messages.get(key);
        if (message == null || message.state() != DeliveryState.PENDING) {
            return false;
        }
        Lease held = leases.get(key);
        if (held != null && !held.owner().equals(owner) && held.until().isAfter(now)) {
            return false;
        }
        leases.put(key, new Lease(owner, until));
        return true;
    }

    @Override
    public synchronized void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        String key = key(attempt.messageId(), attempt.channel());
        OutboxMessage message = messages.get(key);
        if (message == null) {
            throw new IllegalArgumentException("no message " + attempt.messageId() + " for channel " + attempt.channel());
        }
        messages.put(key, message.after(attempt.attempt(), nextAttemptAt, attempt.outcome()));
        leases.remove(key);
        log.add(attempt);
    }

    @Override
    public synchronized java.util.Optional<OutboxMessage> revive(String messageId, String channel, Instant now) {
        String key = key(messageId, channel);
        OutboxMessage message = messages.get(key);
        if (message == null || message.state() != DeliveryState.DEAD) {
            return java.util.Optional.empty();
        }
        OutboxMessage revived = message.after(0, now, DeliveryState.PENDING);
        messages.put(key, revived);
        leases.remove(key);
        return java.util.Optional.of(revived);
    }

    @Override
    public synchronized List<DeliveryAttempt> deliveries(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        List<DeliveryAttempt> newestFirst = new ArrayList<>(log.reversed());
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    @Override
    public synchronized void disable(DisabledChannel channel) {
        disabled.put(channel.channel(), channel);
        messages.replaceAll((key, m) -> m.channel().equals(channel.channel()) && m.state() == DeliveryState.PENDING
                ? m.after(m.attempts(), m.nextAttemptAt(), DeliveryState.DEAD) : m);
    }

    @Override
    public synchronized List<DisabledChannel> disabledChannels() {
        return List.copyOf(disabled.values());
    }

    @Override
    public synchronized int prune(Instant before) {
        Objects.requireNonNull(before, "before");
        int removed = 0;
        var entries = messages.values().iterator();
        while (entries.hasNext()) {
            OutboxMessage message = entries.next();
            if (message.state() != DeliveryState.PENDING && message.createdAt().isBefore(before)) {
                leases.remove(key(message.id(), message.channel()));
                entries.remove();
                removed++;
            }
        }
        log.removeIf(attempt -> attempt.at().isBefore(before));
        return removed;
    }

    private static String key(String id, String channel) {
        return id + "\n" + channel;
    }
}
