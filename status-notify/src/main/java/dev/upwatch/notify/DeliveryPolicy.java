package dev.upwatch.notify;

import dev.upwatch.core.model.DurationText;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How notifications are delivered: when to attempt, how long one attempt may take, how many may wait, and how
 * long {@link WebhookNotifier#close()} waits for them.
 *
 * @param attemptDelays  the wait before each attempt, measured from the end of the previous one (the first from
 *                       the status change); its size is the number of attempts. A receiver's {@code Retry-After}
 *                       lengthens a wait, never shortens it
 * @param attemptTimeout deadline of one attempt: connect, send and receive the response
 * @param queueCapacity  most notifications pending at once (waiting, in flight or waiting to retry), counted per
 *                       channel; beyond it new ones are dropped
 * @param closeTimeout   how long {@code close()} waits for pending notifications before abandoning them (they stay
 *                       in the outbox and are sent after a restart)
 * @param jitter         each retry delay is scaled by a random factor in {@code [1 - jitter, 1 + jitter]}, so that
 *                       many messages failing together do not retry together; 0 to 1
 */
public record DeliveryPolicy(List<Duration> attemptDelays, Duration attemptTimeout, int queueCapacity,
                             Duration closeTimeout, double jitter) {
    /** The Standard Webhooks retry schedule: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h. */
    public static final List<Duration> STANDARD_WEBHOOKS_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10));

    public DeliveryPolicy {
        Objects.requireNonNull(attemptDelays, "attemptDelays");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        attemptDelays = List.copyOf(attemptDelays);
        if (attemptDelays.isEmpty()) {
            throw new IllegalArgumentException("attemptDelays must hold at least one delay (the first attempt's)");
        }
        for (Duration delay : attemptDelays) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("attemptDelays must not be negative, got " + delay);
            }
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attemptTimeout must be positive, got " + attemptTimeout);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
    }

    /**
     * The {@linkplain #STANDARD_WEBHOOKS_SCHEDULE Standard Webhooks schedule} (8 attempts over about 27 hours)
     * with 20 % jitter, 10s per attempt, 1000 pending, 10s to drain on close.
     */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(STANDARD_WEBHOOKS_SCHEDULE, Duration.ofSeconds(10), 1000, Duration.ofSeconds(10), 0.2);
    }

    /** This policy with other attempt delays. */
    public DeliveryPolicy withAttemptDelays(Duration... delays) {
        return new DeliveryPolicy(List.of(delays), attemptTimeout, queueCapacity, closeTimeout, jitter);
    }

    /** This policy with another per-attempt deadline. */
    public DeliveryPolicy withAttemptTimeout(Duration timeout) {
        return new DeliveryPolicy(attemptDelays, timeout, queueCapacity, closeTimeout, jitter);
    }

    /** This policy with another queue capacity. */
    public DeliveryPolicy withQueueCapacity(int capacity) {
        return new DeliveryPolicy(attemptDelays, attemptTimeout, capacity, closeTimeout, jitter);
    }

    /** This policy with another close timeout. */
    public DeliveryPolicy withCloseTimeout(Duration timeout) {
        return new DeliveryPolicy(attemptDelays, attemptTimeout, queueCapacity, timeout, jitter);
    }

    /** This policy with another jitter (0 for exact delays, as tests want). */
    public DeliveryPolicy withJitter(double jitter) {
        return new DeliveryPolicy(attemptDelays, attemptTimeout, queueCapacity, closeTimeout, jitter);
    }

    /** Number of attempts per notification. */
    public int attempts() {
        return attemptDelays.size();
    }

    @Override
    public String toString() {
        return "DeliveryPolicy[attemptDelays=" + attemptDelays.stream().map(DurationText::format).toList()
                + ", attemptTimeout=" + DurationText.format(attemptTimeout) + ", queueCapacity=" + queueCapacity
                + ", closeTimeout=" + DurationText.format(closeTimeout) + ", jitter=" + jitter + "]";
    }
}
