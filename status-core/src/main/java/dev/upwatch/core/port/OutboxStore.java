package dev.upwatch.core.port;

import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DisabledChannel;
import dev.upwatch.core.model.OutboxMessage;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Durable notifications: messages are stored before they are sent, each attempt is recorded with the message's
 * new state, so that after a restart undelivered messages are sent and delivered ones never again.
 */
public interface OutboxStore {

    /** Stores new messages, all or none; a message whose (id, channel) is already stored is left as it is. */
    void enqueue(List<OutboxMessage> messages);

    /**
     * The messages still {@link dev.upwatch.core.model.DeliveryState#PENDING}, oldest first (those created at the same
     * instant in the order they were stored), claimed or not: at start-up a claim can only be a dead process's.
     */
    List<OutboxMessage> pending();

    /**
     * Claims a pending message for one attempt by {@code owner} until {@code until}: true when it is pending and
     * not claimed by another owner whose claim lasts beyond {@code now}. A claim ends with the attempt's
     * {@link #recordAttempt}, or by running out; so a relay that dies mid-attempt leaves the message to be sent again
     * once its claim has lapsed. In a {@linkplain #shared() shared} outbox a claim held by a node that is still live by
     * the cluster's heartbeat never runs out: another node takes it only once the holder is dead and its claim lapsed.
     */
    boolean claim(String messageId, String channel, String owner, Instant now, Instant until);

    /**
     * True when several processes deliver from this outbox (a cluster): each claims under its own {@link #relay()},
     * {@link #claim} also waits for the older pending messages of the channel and subject (whichever process holds
     * them) and gives up older ones that failed and wait for a retry, and {@link #pickUp} hands over the messages no
     * live process is delivering. False alone (the default): the process's own lanes keep the order.
     */
    default boolean shared() {
        return false;
    }

    /** The name this process claims messages under: its node's id in a shared outbox, {@code local} alone. */
    default String relay() {
        return "local";
    }

    /**
     * In a shared outbox, claims for {@code owner} until {@code until} at most {@code limit} pending messages of
     * {@code channels} that are due by {@code now}, claimed by nobody beyond {@code now} and first pending of their
     * channel and subject (messages other processes committed, or whose claim lapsed because their process died —
     * dead by the cluster's heartbeat, not merely late); also {@code owner}'s own lapsed claims (a claim its process
     * lost track of); rows another process is picking at the same moment are skipped. Oldest first. Alone: none.
     */
    default List<OutboxMessage> pickUp(String owner, Set<String> channels, Instant now, Instant until, int limit) {
        return List.of();
    }

    /**
     * Calls {@code wake} (on a thread of the store's) whenever another process may have stored a message or finished
     * one another waits behind, and after each reconnection; closing the result stops it. Alone: never.
     */
    default AutoCloseable watch(Runnable wake) {
        return () -> { };
    }

    /**
     * Appends {@code attempt} to the delivery log and moves its message to the attempt's outcome, with
     * {@code attempt.attempt()} attempts made and the next due at {@code nextAttemptAt}, and ends its claim; all or
     * nothing. In a {@linkplain #shared() shared} outbox only a pending message this process holds, or no live process
     * holds, moves on; otherwise the attempt is only logged, noted as not applied.
     */
    void recordAttempt(DeliveryAttempt attempt, Instant nextAttemptAt);

    /**
     * Makes the given-up ({@link dev.upwatch.core.model.DeliveryState#DEAD}) message {@code messageId} of
     * {@code channel} pending again, with no attempt made and the next due at {@code now}, for a person's replay; its
     * log entries stay. Returns the message as it is now pending, or empty when there is no such dead message.
     */
    default java.util.Optional<OutboxMessage> revive(String messageId, String channel, Instant now) {
        throw new UnsupportedOperationException("this outbox cannot replay messages");
    }

    /** The most recent {@code limit} attempts, newest first. */
    List<DeliveryAttempt> deliveries(int limit);

    /** Marks the channel disabled (replacing an earlier mark) and gives up its pending messages. */
    void disable(DisabledChannel channel);

    /** The channels marked disabled. */
    List<DisabledChannel> disabledChannels();

    /**
     * Forgets delivered and given-up messages created before {@code before}, and log entries of attempts made
     * before it; pending messages are kept however old. Returns how many messages were removed.
     */
    int prune(Instant before);
}
