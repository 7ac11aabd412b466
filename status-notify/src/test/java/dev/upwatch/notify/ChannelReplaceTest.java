package dev.upwatch.notify;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.notify.Receiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link WebhookNotifier#replaceChannels}: the new list is in force for the next event, unchanged channels keep their
 * state, and messages pending for a removed or changed channel follow the change; against a real receiver.
 */
class ChannelReplaceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(40))
            .withAttemptTimeout(Duration.ofSeconds(5))
            .withCloseTimeout(WAIT);

    private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    private Receiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void anAddedChannelGetsTheNextChangeAndARemovedOneNothing() throws Exception {
        receiver = Receiver.answeringOk();
        try (var notifier = notifier(hook("a", "/a"))) {
            notifier.replaceChannels(List.of(hook("b", "/b")));
            notifier.statusChanged(Changes.down());
        }
        assertEquals(List.of("/b"), receiver.requests().stream().map(Receiver.Request::path).toList());
    }

    @Test
    void anUnchangedChannelKeepsItsFlapSuppressionAndAChangedOneStartsAfresh() throws Exception {
        receiver = Receiver.answeringOk();
        ChannelSettings flappy = hook("a", "/a").withFlap(new FlapRule(1, Duration.ofMinutes(10)));
        try (var notifier = notifier(flappy)) {
            notifier.statusChanged(Changes.down());
            notifier.statusChanged(Changes.up()); // second transition: one service.flapping, then quiet
            notifier.replaceChannels(List.of(flappy, hook("b", "/b")));
            notifier.statusChanged(Changes.down()); // still flapping for "a"
            notifier.replaceChannels(List.of(flappy.withEvents(EnumSet.of(EventType.DOWN, EventType.UP)), hook("b", "/b")));
            notifier.statusChanged(Changes.up()); // "a" changed: a fresh guard sends it
        }
        List<String> toA = receiver.requestsTo("/a").stream().map(r -> type(r.text())).sorted().toList();
        assertEquals(List.of("service.down", "service.flapping", "service.up"), toA); // sent concurrently: any order
        assertEquals(2, receiver.requestsTo("/b").size());
    }

    @Test
    void aPendingRetryOfARemovedChannelIsGivenUpNotSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(503).heldUntil(release));
        try (var notifier = notifier(hook("a", "/a"))) {
            notifier.statusChanged(Changes.down());
            receiver.awaitRequest(WAIT);
            notifier.replaceChannels(List.of());
            release.countDown(); // the 503 now asks for a retry, due in 20 ms, to a channel that is gone
        }
        assertEquals(1, receiver.requests().size());
        DeliveryAttempt last = outbox.deliveries(1).getFirst();
        assertEquals(DeliveryState.DEAD, last.outcome());
        assertEquals(Optional.of("channel 'a' was deleted; not sent"), last.error());
        assertEquals(List.of(), outbox.pending());
    }

    @Test
    void aPendingRetryOfAChangedChannelGoesToItsNewUrlWithTheSameMessageId() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        receiver = Receiver.answering(Reply.status(503).heldUntil(release));
        try (var notifier = notifier(hook("a", "/old"))) {
            notifier.statusChanged(Changes.down());
            String id = receiver.awaitRequest(WAIT).header("webhook-id");
            notifier.replaceChannels(List.of(hook("a", "/new")));
            release.countDown();
            var retry = receiver.awaitRequest(WAIT);
            assertEquals("/new", retry.path());
            assertEquals(id, retry.header("webhook-id"));
        }
        assertEquals(DeliveryState.DELIVERED, outbox.deliveries(1).getFirst().outcome());
    }

    @Test
    void aChannelDisabledBy410StaysDisabledWhileItsUrlStaysAndWakesWhenItChanges() throws Exception {
        receiver = Receiver.answering(410);
        try (var notifier = notifier(hook("a", "/gone"))) {
            notifier.statusChanged(Changes.down());
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (outbox.disabledChannels().isEmpty() && System.nanoTime() - deadline < 0) {
                Thread.sleep(10); // until the 410 is taken in
            }
            notifier.replaceChannels(List.of(hook("a", "/gone").withEvents(EnumSet.of(EventType.DOWN, EventType.UP))));
            notifier.statusChanged(Changes.up());
            notifier.replaceChannels(List.of(hook("a", "/moved")));
            notifier.statusChanged(Changes.down());
        }
        assertEquals(List.of("/gone", "/moved"), receiver.requests().stream().map(Receiver.Request::path).toList());
    }

    @Test
    void twoChannelsWithOneIdAreRefusedAndNothingChanges() throws Exception {
        receiver = Receiver.answeringOk();
        try (var notifier = notifier(hook("a", "/a"))) {
            var error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> notifier.replaceChannels(List.of(hook("b", "/b1"), hook("b", "/b2"))));
            assertTrue(error.getMessage().contains("'b'"), error.getMessage());
            assertEquals(List.of("a"), notifier.channels().stream().map(ChannelSettings::id).toList());
        }
    }

    private WebhookNotifier notifier(ChannelSettings channel) {
        return new WebhookNotifier(List.of(channel), Clock.systemUTC(), Optional.empty(), FAST, outbox);
    }

    private ChannelSettings hook(String id, String path) {
        return ChannelSettings.of(id, ChannelType.WEBHOOK, receiver.url(path));
    }

    private static String type(String body) {
        return body.replaceFirst("^\\{\"type\":\"([^\"]+)\".*$", "$1");
    }
}
