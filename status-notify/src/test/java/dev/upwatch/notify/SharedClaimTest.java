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
 * A relay of a shared outbox (a cluster) queues each message once and sends it only under its claim: when the claim cannot be asked for (the
 * database is out of reach for a moment) it asks again later instead of sending unclaimed, since another node may hold
 * the message. Here node {@code b} picked the message up at the commit; node {@code a}'s first claim fails, its second
 * is refused: the receiver gets nothing from {@code a}. A node's own pick-up that runs before the committing thread
 * starts the message does not queue it a second time. Time is a {@link ManualTimer}; the end is read from the
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

    /**
     * Node {@code a}'s view of the shared outbox whose wake-up (another node's commit, or its own) comes at once: each
     * commit wakes the relay, and the store returns from {@code enqueue} only once that pick-up has run, as when the
     * pick-up wins the race with the committing thread's own start of the message.
     */
    private static final class WakingOutbox extends ForwardingOutboxStore {
        private final InMemoryOutboxStore store;
        private volatile Runnable wake = () -> { };
        private volatile CountDownLatch pickedUp = new CountDownLatch(1);

        WakingOutbox(InMemoryOutboxStore store) {
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
        public AutoCloseable watch(Runnable wake) {
            this.wake = wake;
            return () -> { };
        }

        @Override
        public void enqueue(List<OutboxMessage> messages) {
            super.enqueue(messages);
            pickedUp = new CountDownLatch(1);
            wake.run();
            try {
                assertTrue(pickedUp.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the pick-up ran");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public List<OutboxMessage> pickUp(String owner, java.util.Set<String> channels, Instant now, Instant until,
                                          int limit) {
            try {
                return store.pending().stream().filter(m -> channels.contains(m.channel()))
                        .filter(m -> store.claim(m.id(), m.channel(), owner, now, until)).limit(limit).toList();
            } finally {
                pickedUp.countDown();
            }
        }
    }

    @Test
    void aNodesOwnPickUpDoesNotQueueAMessageItIsStartingSoARetryIsNotLostToItsTwin() throws Exception {
        receiver = Receiver.answering(503, 200);
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        try (WebhookNotifier notifier = new WebhookNotifier(
                List.of(ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"))), Clock.systemUTC(),
                Optional.empty(), POLICY, new WakingOutbox(store), EgressPolicy.defaults(), timer)) {
            notifier.statusChanged(Changes.down()); // stored, picked up by this node's own relay, then started
            int waiting = timer.waiting(); // the first attempt among them
            timer.advance(Duration.ZERO);
            // The attempt that ran is back on the timer: the refused message's retry (before: its twin, at once).
            awaitTrue(() -> store.deliveries(10).size() == 1 && timer.waiting() == waiting,
                    "the first attempt, refused, is recorded and what follows it is scheduled");
            timer.advance(POLICY.attemptDelays().get(1));
            awaitTrue(() -> notifier.counts().equals(new DeliveryCounts(1, 0, 0, 0)), "the retry delivers it");
        }
        // Before, the pick-up queued a twin of the message behind it in its lane: the refused attempt was then given
        // up as "superseded by the newer" message (itself), and the twin could not claim a given-up message: lost.
        assertEquals(List.of("PENDING HTTP 503", "DELIVERED"), store.deliveries(10).reversed().stream()
                .map(a -> (a.outcome() + " " + a.error().orElse("")).trim()).toList());
        assertEquals(2, receiver.requests().size());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited " + WAIT.toSeconds() + " s for: " + what);
            Thread.sleep(10);
        }
    }
}
