package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each channel type receives, read back from a real HTTP receiver. */
class PayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<URI> BASE_URL = Optional.of(URI.create("https://status.example.com/"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T20:01:05Z"), ZoneOffset.UTC);
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults()
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(20))
            .withCloseTimeout(Duration.ofSeconds(10));

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
    void theGenericPayloadIsExactlyTheDocumentedJson() throws Exception {
        var body = sendOne(ChannelType.WEBHOOK, Changes.down(), BASE_URL).text();

        assertEquals("{\"type\":\"service.down\",\"timestamp\":\"2026-11-24T20:01:02.345Z\",\"data\":{\"service\":"
                + "{\"id\":\"api\",\"name\":\"API\",\"group\":\"Public\"},\"status\":\"down\",\"previousStatus\":\"up\","
                + "\"responseTimeMs\":123,\"reason\":\"[STATUS] (503) == 200\","
                + "\"url\":\"https://status.example.com/services/api\"}}", body);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "UP       | DOWN     | service.down     | [STATUS] (503) == 200",
            "DOWN     | UP       | service.up       | checks pass, response time 123 ms",
            "DEGRADED | UP       | service.up       | checks pass, response time 123 ms",
            "UP       | DEGRADED | service.degraded | response time 123 ms above 100ms",
            "UNKNOWN  | DOWN     | service.down     | connection refused",
    })
    void theGenericPayloadOfEachEvent(Status previous, Status current, String type, String reason) throws Exception {
        JsonNode received = JSON.readTree(sendOne(ChannelType.WEBHOOK, Changes.change(previous, current, reason), BASE_URL).body());

        JsonNode expected = JSON.readTree("""
                {"type":"%s","timestamp":"2026-11-24T20:01:02.345Z",
                 "data":{"service":{"id":"api","name":"API","group":"Public"},"status":"%s","previousStatus":"%s",
                         "responseTimeMs":123,"reason":"%s","url":"https://status.example.com/services/api"}}
                """.formatted(type, current.wireName(), previous.wireName(), reason));
        assertEquals(expected, received);
    }

    @Test
    void theGenericPayloadHasNoUrlWithoutABaseUrl() throws Exception {
        JsonNode data = JSON.readTree(sendOne(ChannelType.WEBHOOK, Changes.down(), Optional.empty()).body()).get("data");

        assertFalse(data.has("url"), data.toString());
        assertEquals(List.of("service", "status", "previousStatus", "responseTimeMs", "reason"), names(data));
    }

    @Test
    void eachChannelGetsOnlyTheEventsItSubscribedTo() throws Exception {
        var channels = List.of(
                channel("downs", ChannelType.WEBHOOK).withEvents(Set.of(EventType.DOWN)),
                channel("changes", ChannelType.WEBHOOK).withEvents(Set.of(EventType.UP, EventType.DEGRADED)),
                channel("all", ChannelType.WEBHOOK));
        try (var notifier = new WebhookNotifier(channels, CLOCK, BASE_URL, FAST)) {
            notifier.statusChanged(Changes.down());
            notifier.statusChanged(Changes.up());
            notifier.statusChanged(Changes.degraded());
            notifier.statusChanged(Changes.change(Status.UNKNOWN, Status.UP, "first check passed"));
        }

        assertEquals(Set.of("service.down"), typesSentTo("/downs"));
        assertEquals(Set.of("service.up", "service.degraded"), typesSentTo("/changes"));
        assertEquals(Set.of("service.down", "service.up", "service.degraded"), typesSentTo("/all"));
        assertEquals(6, receiver.requests().size());
    }

    @Test
    void slackGetsBlocksAndATextFallback() throws Exception {
        var request = sendOne(ChannelType.SLACK, Changes.down(), BASE_URL);
        JsonNode slack = JSON.readTree(request.body());

        assertEquals("application/json", request.header("Content-Type"));
        assertNull(request.header("webhook-id"), "Slack gets no Standard Webhooks headers");
        assertEquals(List.of("text", "blocks"), names(slack));
        String text = slack.get("text").asText();
        assertTrue(text.contains("API is down") && text.contains("since 2026-11-24 20:01:02 UTC")
                && text.contains("[STATUS] (503) == 200"), text);

        List<String> types = new ArrayList<>();
        slack.get("blocks").forEach(block -> types.add(block.get("type").asText()));
        assertEquals(List.of("header", "section", "section", "context"), types);

        JsonNode header = slack.get("blocks").get(0).get("text");
        assertEquals("plain_text", header.get("type").asText());
        assertTrue(header.get("text").asText().endsWith("API is down"), header.toString());

        List<String> facts = new ArrayList<>();
        slack.get("blocks").get(1).get("fields").forEach(field -> {
            assertEquals("mrkdwn", field.get("type").asText());
            facts.add(field.get("text").asText());
        });
        assertEquals(List.of("*Status*\ndown (was up)",
                "*Since*\n<!date^1795550462^{date_short_pretty} at {time_secs}|2026-11-24 20:01:02 UTC>",
                "*Response time*\n123 ms", "*Group*\nPublic"), facts);

        assertEquals("*Reason*\n```[STATUS] (503) == 200```", slack.get("blocks").get(2).get("text").get("text").asText());
        assertEquals("<https://status.example.com/services/api|View API on the status page>",
                slack.get("blocks").get(3).get("elements").get(0).get("text").asText());
    }

    @Test
    void slackEscapesItsControlCharactersAndOmitsTheLinkWithoutABaseUrl() throws Exception {
        var change = Changes.change(Status.UP, Status.DOWN, "[RESPONSE_TIME] (812) < 500 & [BODY].ok == true");
        JsonNode slack = JSON.readTree(sendOne(ChannelType.SLACK, change, Optional.empty()).body());

        assertEquals("*Reason*\n```[RESPONSE_TIME] (812) &lt; 500 &amp; [BODY].ok == true```",
                slack.get("blocks").get(2).get("text").get("text").asText());
        assertTrue(slack.get("text").asText().endsWith("[RESPONSE_TIME] (812) &lt; 500 &amp; [BODY].ok == true"));
        assertEquals(3, slack.get("blocks").size(), "no link block without a base URL");
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"DOWN", "UP", "DEGRADED"})
    void discordGetsContentAndOneEmbedColouredByStatus(EventType type) throws Exception {
        StatusChange change = switch (type) {
            case DOWN -> Changes.down();
            case UP -> Changes.up();
            case DEGRADED -> Changes.degraded();
            case INCIDENT, CERTIFICATE_EXPIRING -> throw new AssertionError("not a status change");
        };
        var request = sendOne(ChannelType.DISCORD, change, BASE_URL);
        JsonNode discord = JSON.readTree(request.body());

        assertNull(request.header("webhook-signature"));
        assertEquals(List.of("content", "allowed_mentions", "embeds"), names(discord));
        String verb = switch (type) {
            case DOWN -> "is down";
            case UP -> "is back up";
            case DEGRADED -> "is degraded";
            case INCIDENT, CERTIFICATE_EXPIRING -> throw new AssertionError("not a status change");
        };
        assertTrue(discord.get("content").asText().endsWith("**API** " + verb), discord.get("content").asText());
        assertEquals(0, discord.get("allowed_mentions").get("parse").size(), "nobody is pinged");

        assertEquals(1, discord.get("embeds").size());
        JsonNode embed = discord.get("embeds").get(0);
        int expectedColour = switch (type) {
            case DOWN -> 0xE74C3C;
            case UP -> 0x2ECC71;
            case DEGRADED -> 0xF39C12;
            case INCIDENT, CERTIFICATE_EXPIRING -> throw new AssertionError("not a status change");
        };
        assertEquals(expectedColour, embed.get("color").asInt());
        assertEquals("API " + verb, embed.get("title").asText());
        assertEquals("https://status.example.com/services/api", embed.get("url").asText());
        assertEquals("**Reason**\n```\n" + change.reason() + "\n```", embed.get("description").asText());
        assertEquals("2026-11-24T20:01:02.345Z", embed.get("timestamp").asText());

        List<String> fields = new ArrayList<>();
        embed.get("fields").forEach(field -> fields.add(field.get("name").asText() + "=" + field.get("value").asText()));
        assertEquals(List.of("Status=" + change.current().wireName() + " (was " + change.previous().wireName() + ")",
                "Since=<t:1795550462:f> (<t:1795550462:R>)", "Response time=123 ms", "Group=Public"), fields);
    }

    @Test
    void discordHasNoLinkWithoutABaseUrl() throws Exception {
        JsonNode embed = JSON.readTree(sendOne(ChannelType.DISCORD, Changes.down(), Optional.empty()).body())
                .get("embeds").get(0);

        assertFalse(embed.has("url"), embed.toString());
    }

    private Receiver.Request sendOne(ChannelType type, StatusChange change, Optional<URI> baseUrl) throws Exception {
        try (var notifier = new WebhookNotifier(List.of(channel("one", type)), CLOCK, baseUrl, FAST)) {
            notifier.statusChanged(change);
        }
        assertEquals(1, receiver.requests().size(), "requests received");
        return receiver.requests().getFirst();
    }

    private ChannelSettings channel(String id, ChannelType type) {
        return new ChannelSettings(id, type, receiver.url("/" + id), Optional.empty(), EnumSet.allOf(EventType.class));
    }

    private Set<String> typesSentTo(String path) {
        return receiver.requestsTo(path).stream().map(request -> {
            try {
                return JSON.readTree(request.body()).get("type").asText();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).collect(Collectors.toSet());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
