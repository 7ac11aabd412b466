package dev.upwatch.notify;

import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.model.DeliveryAttempt;
import dev.upwatch.core.model.DeliveryState;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.notify.discord.DiscordProvider;
import dev.upwatch.notify.telegram.TelegramProvider;
import dev.upwatch.notify.Receiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox, the delivery log, 410, and per-destination pacing, against real HTTP receivers on 127.0.0.1. */
class OutboxDeliveryTest {
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
    void everyAttemptIsLoggedWithItsStatusLatencyAndOutcomeNewestFirst() throws Exception {
        receiver = Receiver.answering(500, 500, 200);
        try (var notifier = notifier(channel(ChannelType.WEBHOOK, "/hook"))) {
            notifier.statusChanged(Changes.down());
        }

        List<DeliveryAttempt> log = outbox.deliveries(10);
        assertEquals(List.of(3, 2, 1), log.stream().map(DeliveryAttempt::attempt).toList());
        assertEquals(List.of(OptionalInt.of(200), OptionalInt.of(500), OptionalInt.of(500)),
                log.stream().map(DeliveryAttempt::statusCode).toList());
        assertEquals(List.of(DeliveryState.DELIVERED, DeliveryState.PENDING, DeliveryState.PENDING),
                log.stream().map(DeliveryAttempt::outcome).toList());
        assertEquals(List.of(Optional.empty(), Optional.of("HTTP 500"), Optional.of("HTTP 500")),
                log.stream().map(DeliveryAttempt::error).toList());
        String id = receiver.requests().getFirst().header("webhook-id");
        assertTrue(log.stream().allMatch(a -> a.messageId().equals(id) && a.channel().equals("hook")
                && a.eventType().equals("service.down") && !a.latency().isNegative()));
        assertEquals(List.of(), outbox.pending());
    }

    @Test
    void aPendingMessageFromBeforeARestartIsSentWithItsIdAndBodyAndADeliveredOneIsNot() throws Exception {
        receiver = Receiver.answeringOk();
        Instant earlier = Instant.now().minusSeconds(60);
        outbox.enqueue(List.of(OutboxMessage.pending("msg_pending", "hook", "service.down", "{\"stored\":true}", earlier),
                OutboxMessage.pending("msg_done", "hook", "service.up", "{}", earlier)));
        outbox.recordAttempt(new DeliveryAttempt("msg_done", "hook", "service.up", 1, earlier, OptionalInt.of(200),
                Duration.ofMillis(5), Optional.empty(), DeliveryState.DELIVERED), earlier);

        try (var notifier = notifier(channel(ChannelType.WEBHOOK, "/hook"))) {
            var request = receiver.awaitRequest(WAIT);
            assertEquals("msg_pending", request.header("webhook-id"));
            assertEquals("{\"stored\":true}", request.text());
        }
        assertEquals(1, receiver.requests().size());
        assertEquals(List.of(), outbox.pending());
    }

    @Test
    void aPendingMessageWaitsForItsNextAttemptTime() throws Exception {
        receiver = Receiver.answeringOk();
        Instant now = Instant.now();
        outbox.enqueue(List.of(OutboxMessage.pending("msg_later", "hook", "service.down", "{}", now)));
        outbox.recordAttempt(new DeliveryAttempt("msg_later", "hook", "service.down", 1, now, OptionalInt.of(503),
                Duration.ofMillis(5), Optional.of("HTTP 503"), DeliveryState.PENDING), now.plusMillis(800));

        long started = System.nanoTime();
        try (var notifier = notifier(channel(ChannelType.WEBHOOK, "/hook"))) {
            var request = receiver.awaitRequest(WAIT);
            Duration waited = Duration.ofNanos(request.arrivedNanos() - started);
            assertTrue(waited.compareTo(Duration.ofMillis(500)) >= 0, "sent after " + waited.toMillis() + " ms");
        }
        assertEquals(2, outbox.deliveries(10).getFirst().attempt(), "the attempt count continues");
    }

    @Test
    void gone410DisablesTheChannelAcrossRestartsUntilItsUrlChanges() throws Exception {
        receiver = Receiver.answering(410);
        ChannelSettings gone = channel(ChannelType.WEBHOOK, "/gone");
        var notifier = notifier(gone);
        try (notifier) {
            notifier.statusChanged(Changes.down());
            receiver.awaitRequest(WAIT);
            awaitDisabled();
            notifier.statusChanged(Changes.up());
        } // closing waits for every delivery started, so what was not sent by now never is
        assertEquals(1, receiver.requests().size(), "nothing more after 410");
        assertEquals(new DeliveryCounts(0, 1, 1, 0), notifier.counts());
        assertEquals(List.of("hook"), outbox.disabledChannels().stream().map(d -> d.channel()).toList());
        assertEquals(DeliveryState.DEAD, outbox.deliveries(1).getFirst().outcome());
        assertEquals(OptionalInt.of(410), outbox.deliveries(1).getFirst().statusCode());

        try (var restarted = notifier(gone)) {
            restarted.statusChanged(Changes.down());
        } // closing waits for every delivery started
        assertEquals(1, receiver.requests().size(), "still disabled after a restart");

        try (var moved = notifier(channel(ChannelType.WEBHOOK, "/moved"))) {
            moved.statusChanged(Changes.down());
            receiver.awaitRequest(WAIT);
        }
        assertEquals(List.of("/moved"), receiver.requests().stream().skip(1).map(Receiver.Request::path).distinct().toList(),
                "a new URL enables the channel again");
    }

    @Test
    void discordsRetryAfterBodyFieldIsWaitedOut() throws Exception {
        receiver = Receiver.answering(Reply.status(429).withJsonBody(
                "{\"message\": \"You are being rate limited.\", \"retry_after\": 0.6, \"global\": false}"));
        try (var notifier = notifier(channel(ChannelType.DISCORD, "/discord"))) {
            notifier.statusChanged(Changes.down());
        }

        var requests = receiver.requests();
        assertEquals(2, requests.size());
        Duration gap = Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
        assertTrue(gap.compareTo(Duration.ofMillis(600)) >= 0, "retried after " + gap.toMillis() + " ms");
    }

    @Test
    void readsDiscordsRetryAfter() {
        assertEquals(Optional.of(Duration.ofMillis(1500)), DiscordProvider.readRetryAfter("{\"retry_after\": 1.5}"));
        assertEquals(Optional.of(Duration.ofSeconds(2)), DiscordProvider.readRetryAfter("{\"global\":true,\"retry_after\":2}"));
        assertEquals(Optional.empty(), DiscordProvider.readRetryAfter("{\"message\":\"slow down\"}"));
        assertEquals(Optional.empty(), DiscordProvider.readRetryAfter(""));
    }

    @Test
    void readsTelegramsRetryAfter() {
        var telegram = new TelegramProvider(ChannelSettings.telegram("tg", URI.create("https://api.telegram.org"),
                "123456789:AAHabcdefghijklmnopqrstuvwxyz", "-100123"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), telegram.retryAfter("{\"ok\":false,\"error_code\":429,"
                + "\"description\":\"Too Many Requests: retry after 5\",\"parameters\":{\"retry_after\":5}}"));
        assertEquals(Optional.empty(), telegram.retryAfter("{\"ok\":false,\"error_code\":429}"));
        assertEquals(Optional.empty(), telegram.retryAfter("not json"));
    }

    @Test
    void slackGetsAtMostOneMessagePerSecond() throws Exception {
        receiver = Receiver.answeringOk();
        try (var notifier = notifier(channel(ChannelType.SLACK, "/slack"))) {
            notifier.statusChanged(Changes.down());
            notifier.statusChanged(Changes.up());
            notifier.statusChanged(Changes.degraded());
        }

        assertEquals(3, receiver.requests().size());
        // The pacing is a rule about when sends start, so it is read from the delivery log's attempt start times:
        // arrival times at the receiver add the loopback latency, which a loaded machine stretches unevenly.
        List<Instant> starts = outbox.deliveries(10).stream().map(DeliveryAttempt::at).sorted().toList();
        assertEquals(3, starts.size());
        for (int i = 1; i < starts.size(); i++) {
            Duration gap = Duration.between(starts.get(i - 1), starts.get(i));
            // Slots are 1 s apart; a send starts when the notifier's timer thread gets to it, a few milliseconds
            // after its slot on a loaded machine, so two starts can be a little closer than their slots.
            assertTrue(gap.compareTo(Duration.ofMillis(900)) >= 0, "message " + i + " sent after " + gap.toMillis() + " ms");
        }
        Duration span = Duration.between(starts.getFirst(), starts.getLast());
        assertTrue(span.compareTo(Duration.ofMillis(1_900)) >= 0, "three messages within " + span.toMillis() + " ms");
    }

    @Test
    void jitterSpreadsARetryWithinItsBounds() throws Exception {
        receiver = Receiver.answering(500);
        try (var notifier = new WebhookNotifier(List.of(channel(ChannelType.WEBHOOK, "/hook")), Clock.systemUTC(),
                Optional.empty(), FAST.withAttemptDelays(Duration.ZERO, Duration.ofMillis(400)).withJitter(0.5), outbox)) {
            notifier.statusChanged(Changes.down());
        }
        var requests = receiver.requests();
        Duration gap = Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
        assertTrue(gap.compareTo(Duration.ofMillis(200)) >= 0 && gap.compareTo(Duration.ofMillis(1500)) < 0,
                "retried after " + gap.toMillis() + " ms");
    }

    /** Waits until the outbox records the channel as gone (the 410 answer has been handled, not just received). */
    private void awaitDisabled() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (outbox.disabledChannels().isEmpty()) {
            assertTrue(System.nanoTime() - deadline < 0, "the 410 answer was not recorded within " + WAIT);
            Thread.sleep(10);
        }
    }

    private WebhookNotifier notifier(ChannelSettings channel) {
        return new WebhookNotifier(List.of(channel), Clock.systemUTC(), Optional.empty(), FAST, outbox);
    }

    private ChannelSettings channel(ChannelType type, String path) {
        URI url = receiver.url(path);
        return ChannelSettings.of("hook", type, url);
    }
}
