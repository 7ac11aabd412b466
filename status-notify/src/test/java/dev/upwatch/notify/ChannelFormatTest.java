package dev.upwatch.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.MovableClock;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.probe.EgressPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teams, Telegram and ntfy: the exact request each gets, read back from a real HTTP receiver. */
class ChannelFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<URI> BASE_URL = Optional.of(URI.create("https://status.example.com"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T20:01:05Z"), ZoneOffset.UTC);
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(10));
    private static final String TOKEN = "123456789:AAHfakeTokenForTests_abcdefghij";

    private Receiver receiver;
    /** Requests taken by {@link #awaitRequests}. */
    private int taken;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.answeringOk();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void teamsGetsAnAdaptiveCardInAWorkflowMessage() throws Exception {
        var request = send(ChannelSettings.of("teams", ChannelType.TEAMS, receiver.url("/workflows/abc")));

        assertEquals("/workflows/abc", request.path());
        assertEquals("application/json", request.header("Content-Type"));
        assertNull(request.header("webhook-id"));
        assertEquals(JSON.readTree("""
                {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,
                 "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4",
                  "body":[{"type":"TextBlock","text":"\uD83D\uDD34 API is down","weight":"Bolder","size":"Medium","wrap":true},
                          {"type":"FactSet","facts":[{"title":"Status","value":"down (was up)"},
                                                     {"title":"Since","value":"2026-11-24 20:01:02 UTC"},
                                                     {"title":"Response time","value":"123 ms"},
                                                     {"title":"Group","value":"Public"}]},
                          {"type":"TextBlock","text":"[STATUS] (503) == 200","fontType":"Monospace","wrap":true}],
                  "actions":[{"type":"Action.OpenUrl","title":"View on the status page",
                              "url":"https://status.example.com/services/api"}]}}]}
                """), JSON.readTree(request.body()));
    }

    @Test
    void telegramGetsSendMessageWithEscapedHtmlAtTheBotsPath() throws Exception {
        var request = send(ChannelSettings.telegram("tg", receiver.url("/"), TOKEN, "-1001234567890"));

        assertEquals("/bot" + TOKEN + "/sendMessage", request.path());
        assertEquals(JSON.readTree("""
                {"chat_id":"-1001234567890",
                 "text":"\uD83D\uDD34 <b>API is down</b>\\nSince 2026-11-24 20:01:02 UTC\\nStatus: down (was up)\\nResponse time: 123 ms\\nReason: <code>[STATUS] (503) == 200</code>\\n<a href=\\"https://status.example.com/services/api\\">View on the status page</a>",
                 "parse_mode":"HTML","disable_web_page_preview":true}
                """), JSON.readTree(request.body()));
    }

    @Test
    void telegramEscapesHtmlInReasons() throws Exception {
        var request = send(ChannelSettings.telegram("tg", receiver.url("/"), TOKEN, "@upwatch_alerts"),
                Changes.change(dev.upwatch.core.model.Status.UP, dev.upwatch.core.model.Status.DOWN, "[BODY] (<html>&) == ok"));

        String text = JSON.readTree(request.body()).get("text").asText();
        assertTrue(text.contains("<code>[BODY] (&lt;html&gt;&amp;) == ok</code>"), text);
    }

    @Test
    void telegramSettingsAreValidatedAndTheTokenIsNeverPrinted() {
        var channel = ChannelSettings.telegram("tg", URI.create("https://api.telegram.org"), TOKEN, "42");
        assertTrue(!channel.toString().contains("AAHfake"), channel.toString());

        var error = assertThrows(IllegalArgumentException.class,
                () -> ChannelSettings.telegram("tg", URI.create("https://api.telegram.org"), "nonsense", "42"));
        assertTrue(error.getMessage().startsWith("channel 'tg': bot-token is required"), error.getMessage());
        assertTrue(!error.getMessage().contains("nonsense"));
        error = assertThrows(IllegalArgumentException.class,
                () -> ChannelSettings.telegram("tg", URI.create("https://api.telegram.org"), TOKEN, "my chat"));
        assertTrue(error.getMessage().startsWith("channel 'tg': chat-id is required"), error.getMessage());
    }

    @Test
    void ntfyGetsAJsonPublishToTheServerRoot() throws Exception {
        var request = send(ChannelSettings.of("phone", ChannelType.NTFY, receiver.url("/upwatch-alerts")));

        assertEquals("/", request.path());
        assertEquals(JSON.readTree("""
                {"topic":"upwatch-alerts","title":"API is down",
                 "message":"[STATUS] (503) == 200\\nSince 2026-11-24 20:01:02 UTC\\nResponse time 123 ms",
                 "priority":5,"tags":["rotating_light"],"click":"https://status.example.com/services/api"}
                """), JSON.readTree(request.body()));
    }

    @Test
    void ntfyPrioritiesFollowTheEvent() throws Exception {
        var channel = ChannelSettings.of("phone", ChannelType.NTFY, receiver.url("/alerts"));
        try (var notifier = new WebhookNotifier(List.of(channel), CLOCK, BASE_URL, FAST)) {
            notifier.statusChanged(Changes.up());
            receiver.awaitRequest(Duration.ofSeconds(10));
            notifier.statusChanged(Changes.degraded());
            receiver.awaitRequest(Duration.ofSeconds(10));
        }
        var bodies = receiver.requests().stream().map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertEquals(List.of(3, 4), bodies.stream().map(b -> b.get("priority").asInt()).toList());
        assertEquals(List.of("white_check_mark", "warning"), bodies.stream().map(b -> b.get("tags").get(0).asText()).toList());
    }

    @Test
    void anNtfyUrlMustNameATopic() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> ChannelSettings.of("phone", ChannelType.NTFY, URI.create("https://ntfy.sh/")));
        assertTrue(error.getMessage().startsWith("channel 'phone': url: an ntfy url is the topic's address"), error.getMessage());
    }

    @Test
    void aServiceThatStaysDownIsRemindedUntilItRecovers() throws Exception {
        var channel = ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"))
                .withRemindEvery(Duration.ofMillis(300));
        var clock = new MovableClock(Changes.AT);
        var timer = new ManualTimer();
        var notifier = notifier(channel, clock, timer);
        try (notifier) {
            notifier.statusChanged(Changes.down());
            timer.advance(Duration.ZERO);
            awaitRequests(1, timer);
            for (int reminder = 1; reminder <= 3; reminder++) {
                clock.advance(Duration.ofMillis(300));
                timer.advance(Duration.ofMillis(300));
                awaitRequests(1 + reminder, timer);
            }
            notifier.statusChanged(Changes.up());
            assertFalse(notifier.reminding(Changes.API.id()));
            timer.advance(Duration.ZERO);
            awaitRequests(5, timer);
            clock.advance(Duration.ofSeconds(3));
            timer.advance(Duration.ofSeconds(3)); // ten more periods: a reminder still planned would be sent now
        } // closing waits for every delivery started, and gives up (counts as failed) any still queued
        assertEquals(new DeliveryCounts(5, 0, 0, 0), notifier.counts(), "no reminder after the recovery");
        assertEquals(5, receiver.requests().size(), "down, three reminders, up");
        var bodies = receiver.requests().stream().map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        var reminders = bodies.stream().filter(b -> b.get("data").has("reminder")).toList();
        assertEquals(3, reminders.size(), "reminders");
        for (int i = 0; i < reminders.size(); i++) {
            assertEquals("service.down", reminders.get(i).get("type").asText());
            assertEquals(300L * (i + 1), reminders.get(i).get("data").get("downForMs").asLong(), "down for, on the clock");
        }
        assertEquals("service.up", bodies.getLast().get("type").asText());
        assertEquals(bodies.size(), receiver.requests().stream().map(r -> r.header("webhook-id")).distinct().count(),
                "each reminder is a message of its own");
    }

    @Test
    void remindersAreOffByDefault() throws Exception {
        var channel = ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"));
        var timer = new ManualTimer();
        var notifier = notifier(channel, new MovableClock(Changes.AT), timer);
        try (notifier) {
            notifier.statusChanged(Changes.down());
            assertFalse(notifier.reminding(Changes.API.id()));
            timer.advance(Duration.ZERO);
            awaitRequests(1, timer);
            timer.advance(Duration.ofDays(30)); // the longest remind-every: nothing is planned to run
        } // closing waits for every delivery started, and gives up (counts as failed) any still queued
        assertEquals(new DeliveryCounts(1, 0, 0, 0), notifier.counts());
        assertEquals(1, receiver.requests().size());
    }

    private static WebhookNotifier notifier(ChannelSettings channel, Clock clock, ManualTimer timer) {
        return new WebhookNotifier(List.of(channel), clock, BASE_URL, FAST, new InMemoryOutboxStore(),
                EgressPolicy.defaults(), timer);
    }

    /**
     * Waits, with a deadline, until the receiver has had {@code count} requests. A message queued behind another of
     * the same lane is planned on the timer when that one's answer is handled, so the timer's due tasks are run
     * again while waiting (this moves no time).
     */
    private void awaitRequests(int count, ManualTimer timer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (taken < count) {
            assertTrue(System.nanoTime() < deadline, "not " + count + " requests within 10 s, only " + taken);
            if (receiver.pollRequest(Duration.ofMillis(20)).isPresent()) {
                taken++;
            } else {
                timer.advance(Duration.ZERO);
            }
        }
    }

    private Receiver.Request send(ChannelSettings channel) throws Exception {
        return send(channel, Changes.down());
    }

    private Receiver.Request send(ChannelSettings channel, dev.upwatch.core.model.StatusChange change) throws Exception {
        try (var notifier = new WebhookNotifier(List.of(channel), CLOCK, BASE_URL, FAST)) {
            notifier.statusChanged(change);
        }
        assertEquals(1, receiver.requests().size());
        return receiver.requests().getFirst();
    }
}
