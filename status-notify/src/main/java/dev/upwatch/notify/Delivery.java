package dev.upwatch.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message on its way to one channel. Its attempts run one at a time, each started after the previous ended; its
 * place in its lane ({@link Lanes}) decides when it may start at all.
 */
final class Delivery {
    /** Where a delivery stands in its lane; changed only under the lanes' lock. */
    enum State {
        /** Waiting: behind an older message, for its first attempt, for a send slot or for its retry. */
        WAITING,
        /** An attempt is running. */
        IN_FLIGHT,
        /** Delivered, given up, superseded or abandoned: nothing more happens to it. */
        DONE
    }

    /** The channel as it was at the last attempt; a changed channel's settings are picked up at the next one. */
    volatile Channel channel;
    final String messageId;
    final String eventType;
    /** What the message is about; with the channel it names the lane. */
    final Optional<String> subject;
    /** The rendered payload, the same bytes on every attempt. */
    final byte[] body;
    /** False when the outbox could not store it: its attempts are not recorded. */
    final boolean stored;
    volatile int attempts;
    /** True while waiting for a send slot already reserved, so the wait is not reserved twice. */
    volatile boolean slotTaken;
    /** Wall-clock time before which its next attempt is not due (its first attempt's delay, or a stored retry time). */
    volatile Instant notBefore;
    /** Guarded by the lanes' lock. */
    State state = State.WAITING;
    /** True once a start is scheduled for it (it is first in its lane); guarded by the lanes' lock. */
    boolean scheduled;

    Delivery(Channel channel, String messageId, String eventType, Optional<String> subject, byte[] body, boolean stored,
             int attempts, Instant notBefore) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.body = Objects.requireNonNull(body, "body");
        this.stored = stored;
        this.attempts = attempts;
        this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
    }

    /** The lane: its channel and subject; a message without a subject has a lane of its own. */
    String lane() {
        return channel.id() + "\n" + subject.orElse("#" + messageId);
    }

    /** {@code service.down msg_...}, for logs. */
    String label() {
        return label(eventType, messageId);
    }

    static String label(String eventType, String messageId) {
        return eventType + " " + messageId;
    }
}
