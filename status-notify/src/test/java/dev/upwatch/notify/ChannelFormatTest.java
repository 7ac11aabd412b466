package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), BASE_URL, FAST)) {
            notifier.statusChanged(Changes.down());
            Thread.sleep(1_000);
            notifier.statusChanged(Changes.up());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (receiver.requests().stream().noneMatch(r -> r.text().contains("service.up")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // a reminder submitted just before the recovery may still be on its way
            int afterRecovery = receiver.requests().size();
            Thread.sleep(700);
            assertEquals(afterRecovery, receiver.requests().size(), "no reminder after the recovery");
        }
        var bodies = receiver.requests().stream().map(r -> {
            try {
                return JSON.readTree(r.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        var reminders = bodies.stream().filter(b -> b.get("data").has("reminder")).toList();
        assertTrue(reminders.size() >= 2 && reminders.size() <= 4, "reminders: " + reminders.size());
        for (JsonNode reminder : reminders) {
            assertEquals("service.down", reminder.get("type").asText());
            assertTrue(reminder.get("data").get("downForMs").asLong() > 0);
        }
        assertEquals(reminders.size() + 2, bodies.size(), "down, reminders, up");
        assertEquals(bodies.size(), receiver.requests().stream().map(r -> r.header("webhook-id")).distinct().count(),
                "each reminder is a message of its own");
    }

    @Test
    void remindersAreOffByDefault() throws Exception {
        var channel = ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"));
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), BASE_URL, FAST)) {
            notifier.statusChanged(Changes.down());
            Thread.sleep(500);
        }
        assertEquals(1, receiver.requests().size());
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
