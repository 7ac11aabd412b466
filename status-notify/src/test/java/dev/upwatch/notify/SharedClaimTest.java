package dev.upwatch.notify;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.port.ForwardingOutboxStore;
import dev.upwatch.core.probe.EgressPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay of a shared outbox (a cluster) sends a message only under its claim: when the claim cannot be asked for (the
 * database is out of reach for a moment) it asks again later instead of sending unclaimed, since another node may hold
 * the message. Here node {@code b} picked the message up at the commit; node {@code a}'s first claim fails, its second
 * is refused: the receiver gets nothing from {@code a}. Time is a {@link ManualTimer}; the end is read from the
 * notifier's counts (the delivery is over), not waited out.
 */
class SharedClaimTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DeliveryPolicy POLICY = DeliveryPolicy.defaults().withJitter(0).withCloseTimeout(WAIT);

    private final ManualTimer timer = new ManualTimer();
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Node {@code a}'s view of the shared outbox: {@code b} claims each message as it is committed. */
    private static final class SharedOutbox extends ForwardingOutboxStore {
        private final InMemoryOutboxStore store;
        final AtomicInteger unreachable = new AtomicInteger();
        final AtomicInteger claimsAsked = new AtomicInteger();
        final CountDownLatch claimFailed = new CountDownLatch(1);

        SharedOutbox(InMemoryOutboxStore store) {
            super(store);
            this.store = store;
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public String relay() {
            return "a";
        }

        @Override
        public void enqueue(List<OutboxMessage> messages) {
            super.enqueue(messages);
            Instant now = Instant.now();
            messages.forEach(m -> assertTrue(store.claim(m.id(), m.channel(), "b", now, now.plus(Duration.ofHours(1)))));
        }

        @Override
        public boolean claim(String messageId, String channel, String owner, Instant now, Instant until) {
            claimsAsked.incrementAndGet();
            if (unreachable.getAndDecrement() > 0) {
                claimFailed.countDown();
                throw new IllegalStateException("connection refused (the database restarts)");
            }
            return super.claim(messageId, channel, owner, now, until);
        }
    }

    @Test
    void aClaimThatCannotBeAskedForIsAskedAgainAndTheMessageNeverSentUnclaimed() throws Exception {
        receiver = Receiver.answeringOk();
        SharedOutbox outbox = new SharedOutbox(new InMemoryOutboxStore());
        outbox.unreachable.set(1);
        try (WebhookNotifier notifier = new WebhookNotifier(
                List.of(ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"))), Clock.systemUTC(),
                Optional.empty(), POLICY, outbox, EgressPolicy.defaults(), timer)) {
            notifier.statusChanged(Changes.down());
            int waiting = timer.waiting(); // the first attempt among them
            timer.advance(Duration.ZERO);
            assertTrue(outbox.claimFailed.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first claim failed");

            // The attempt that ran is back on the timer, to ask again (the old code sent it unclaimed instead).
            awaitTrue(() -> timer.waiting() == waiting, "the attempt waits to ask for its claim again");
            assertEquals(1, outbox.claimsAsked.get());
            timer.advance(Dispatcher.CLAIM_RETRY);
            awaitTrue(() -> notifier.counts().equals(new DeliveryCounts(0, 1, 0, 0)), "refused: b holds it");
            assertEquals(2, outbox.claimsAsked.get());
        }
        assertEquals(List.of(), receiver.requests(), "a sent nothing: b holds the message");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited " + WAIT.toSeconds() + " s for: " + what);
            Thread.sleep(10);
        }
    }
}
