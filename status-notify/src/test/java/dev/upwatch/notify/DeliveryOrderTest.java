package dev.upwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.Status;
import dev.upwatch.notify.Receiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per channel and monitor, deliveries keep their order against a real receiver: a newer event waits while an older
 * one is in flight, and an older one that the receiver refused and that waits for its retry is superseded by a newer
 * one (the delivery log says so), so the receiver's last word is the monitor's latest state. Time is a
 * {@link ManualTimer}: every retry delay is run to its end, and what was never started is proved never sent.
 */
class DeliveryOrderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The Standard Webhooks schedule (retries after 5 s, 5 min, ... 10 h), exact. */
    private static final DeliveryPolicy STANDARD = DeliveryPolicy.defaults().withJitter(0).withCloseTimeout(WAIT);

    private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    private final ManualTimer timer = new ManualTimer();
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private WebhookNotifier notifier() {
        return new WebhookNotifier(List.of(ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"))),
                Clock.systemUTC(), Optional.empty(), STANDARD, outbox, EgressPolicy.defaults(), timer);
    }

    @Test
    void aRefusedMessageIsSupersededByNewerOnesSoTheReceiversLastWordIsTheLatestState() throws Exception {
        receiver = Receiver.answering(503, 503); // refuses the first two requests, then recovers
        try (WebhookNotifier notifier = notifier()) {
            notifier.statusChanged(Changes.change(Status.DOWN, Status.UP, "checks pass"));
            timer.advance(Duration.ZERO);
            awaitLog(log -> log.size() == 1, "the refused service.up is recorded, waiting 5 s for its retry");

            notifier.statusChanged(Changes.change(Status.UP, Status.DEGRADED, "response time 812 ms above 500ms"));
            timer.advance(Duration.ZERO);
            awaitLog(log -> log.size() == 3, "service.up superseded, service.degraded refused");

            notifier.statusChanged(Changes.change(Status.DEGRADED, Status.UP, "checks pass"));
            timer.advance(Duration.ZERO);
            awaitLog(log -> log.size() == 5, "service.degraded superseded, the newer service.up delivered");

            notifier.statusChanged(Changes.change(Status.UP, Status.DOWN, Changes.FAILED_CONDITION));
            timer.advance(Duration.ZERO);
            awaitLog(log -> log.size() == 6, "service.down delivered");

            timer.advance(Duration.ofDays(2)); // every retry delay of the schedule (about 27 h) runs out
            assertEquals(new DeliveryCounts(2, 2, 0, 0), notifier.counts(), "nothing left that could still be sent");
        }

        assertEquals(List.of("service.up", "service.degraded", "service.up", "service.down"), receivedTypes());
        List<DeliveryAttempt> log = outbox.deliveries(10).reversed();
        assertEquals(List.of("service.up pending HTTP 503", "service.up dead superseded by the newer service.degraded",
                        "service.degraded pending HTTP 503", "service.degraded dead superseded by the newer service.up",
                        "service.up delivered", "service.down delivered"),
                log.stream().map(DeliveryOrderTest::describe).toList());
        assertEquals(List.of(), outbox.pending());
    }

    @Test
    void aNewerEventWaitsWhileAnOlderOneIsInFlight() throws Exception {
        var release = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(200).heldUntil(release));
        try (WebhookNotifier notifier = notifier()) {
            notifier.statusChanged(Changes.down());
            timer.advance(Duration.ZERO);
            receiver.awaitRequest(WAIT); // service.down is at the receiver, unanswered
            long started = timer.ran();

            notifier.statusChanged(Changes.up());
            timer.advance(Duration.ofDays(2));
            assertEquals(started, timer.ran(), "no attempt of service.up was even started");
            assertEquals(1, receiver.requests().size());

            release.countDown();
            awaitLog(log -> log.size() == 1, "service.down delivered");
            timer.advance(Duration.ZERO);
            receiver.awaitRequest(WAIT);
            awaitLog(log -> log.size() == 2, "then service.up");
        }
        assertEquals(List.of("service.down", "service.up"), receivedTypes());
    }

    @Test
    void anOlderEventRefusedWhileANewerOneWaitsIsNotRetried() throws Exception {
        var release = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(503).heldUntil(release));
        try (WebhookNotifier notifier = notifier()) {
            notifier.statusChanged(Changes.down());
            timer.advance(Duration.ZERO);
            receiver.awaitRequest(WAIT);
            notifier.statusChanged(Changes.up()); // waits behind the service.down in flight

            release.countDown(); // ... which the receiver refuses
            awaitLog(log -> log.size() == 1, "service.down refused, superseded at once");
            timer.advance(Duration.ZERO);
            awaitLog(log -> log.size() == 2, "service.up delivered");
            timer.advance(Duration.ofDays(2));
            assertEquals(new DeliveryCounts(1, 1, 0, 0), notifier.counts());
        }
        assertEquals(List.of("service.down", "service.up"), receivedTypes());
        assertEquals(List.of("service.down dead HTTP 503; superseded by the newer service.up", "service.up delivered"),
                outbox.deliveries(10).reversed().stream().map(DeliveryOrderTest::describe).toList());
    }

    private List<String> receivedTypes() {
        return receiver.requests().stream().map(request -> {
            try {
                return JSON.readTree(request.body()).get("type").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static String describe(DeliveryAttempt attempt) {
        String outcome = attempt.outcome().name().toLowerCase(java.util.Locale.ROOT);
        String error = attempt.error().map(e -> e.replaceAll(" msg_\\w+(; not sent|, not retried)$", "")).orElse("");
        return (attempt.eventType() + " " + outcome + " " + error).trim();
    }

    private void awaitLog(Predicate<List<DeliveryAttempt>> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.test(outbox.deliveries(100))) {
            assertTrue(System.nanoTime() < deadline, "not within " + WAIT + ": " + what + "; log: " + outbox.deliveries(100));
            Thread.sleep(5);
        }
    }
}
