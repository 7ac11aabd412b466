package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code service.up} carries the outage's start and duration; {@code service.degraded} the threshold. */
class EventDetailsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T21:00:00Z"), ZoneOffset.UTC);
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(10));
    private static final Duration OUTAGE = Duration.ofMinutes(12).plusSeconds(34);

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
    void theRecoveryCarriesTheOutageFromItsFirstBadTransition() throws Exception {
        List<JsonNode> bodies = send(ChannelType.WEBHOOK,
                at(Changes.degraded(), Changes.AT),
                at(Changes.change(Status.DEGRADED, Status.DOWN, "[STATUS] (503) == 200"), Changes.AT.plusSeconds(60)),
                at(Changes.change(Status.DOWN, Status.UP, "checks pass"), Changes.AT.plus(OUTAGE)));

        JsonNode up = bodies.get(2).get("data");
        assertEquals("2026-11-24T20:01:02.345Z", up.get("outageSince").asText());
        assertEquals(OUTAGE.toMillis(), up.get("outageDurationMs").asLong());
        assertFalse(bodies.get(1).get("data").has("outageDurationMs"), "only the recovery carries it");
    }

    @Test
    void aRecoveryWhoseStartThisProcessDidNotSeeHasNoDuration() throws Exception {
        JsonNode up = send(ChannelType.WEBHOOK, Changes.up()).getFirst().get("data");

        assertFalse(up.has("outageDurationMs"), up.toString());
        assertFalse(up.has("outageSince"), up.toString());
    }

    @Test
    void degradedCarriesTheThresholdAndTheMeasuredTime() throws Exception {
        Monitor slowish = Monitor.builder(Changes.API.id(), "API", Changes.API.probe()).group("Public")
                .degradedAbove(Duration.ofMillis(100)).build();
        StatusChange degraded = Changes.degraded();
        JsonNode data = send(ChannelType.WEBHOOK, new StatusChange(slowish, degraded.previous(), degraded.current(),
                degraded.at(), degraded.sample(), degraded.reason())).getFirst().get("data");

        assertEquals(100, data.get("thresholdMs").asLong());
        assertEquals(123, data.get("responseTimeMs").asLong());
    }

    @Test
    void slackAndDiscordShowTheOutage() throws Exception {
        StatusChange down = at(Changes.down(), Changes.AT);
        StatusChange up = at(Changes.up(), Changes.AT.plus(OUTAGE));

        JsonNode slack = send(ChannelType.SLACK, down, up).get(1);
        List<String> facts = new ArrayList<>();
        slack.get("blocks").get(1).get("fields").forEach(f -> facts.add(f.get("text").asText()));
        assertEquals("*Outage*\n12m34s", facts.getLast());

        receiver.close();
        receiver = Receiver.answeringOk();
        JsonNode discord = send(ChannelType.DISCORD, down, up).get(1);
        JsonNode last = discord.get("embeds").get(0).get("fields").get(4);
        assertEquals("Outage", last.get("name").asText());
        assertEquals("12m34s", last.get("value").asText());
    }

    private List<JsonNode> send(ChannelType type, StatusChange... changes) throws Exception {
        var channel = ChannelSettings.of("one", type, receiver.url("/one"));
        try (var notifier = new WebhookNotifier(List.of(channel), CLOCK, Optional.of(URI.create("https://status.example.com")), FAST)) {
            for (StatusChange change : changes) {
                notifier.statusChanged(change);
                receiver.awaitRequest(Duration.ofSeconds(10)); // keep the order of arrival
            }
        }
        List<JsonNode> bodies = new ArrayList<>();
        for (var request : receiver.requests()) {
            bodies.add(JSON.readTree(request.body()));
        }
        return bodies;
    }

    private static StatusChange at(StatusChange change, Instant at) {
        return new StatusChange(change.monitor(), change.previous(), change.current(), at, change.sample(), change.reason());
    }
}
