package dev.upwatch.notify;

import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.ForwardingOutboxStore;
import dev.upwatch.core.port.OutboxStore;

import java.util.List;

/** Wraps a real outbox and kills the JVM, like {@code kill -9}, the moment a message has been stored. */
final class HaltingOutboxStore extends ForwardingOutboxStore {
    private final int exitCode;

    HaltingOutboxStore(OutboxStore store, int exitCode) {
        super(store);
        this.exitCode = exitCode;
    }

    @Override
    public void enqueue(List<OutboxMessage> messages) {
        super.enqueue(messages);
        Runtime.getRuntime().halt(exitCode);
    }
}
