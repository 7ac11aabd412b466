package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.notify.discord.DiscordPayload;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** incident.opened / updated / resolved through {@link IncidentListener}, read back from a real receiver. */
class IncidentNotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-24T20:01:02.345Z");
    private static final Optional<URI> BASE_URL = Optional.of(URI.create("https://status.example.com"));
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(10));

    private Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = Receiver.answeringOk();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static Incident incident(IncidentUpdate... updates) {
        List<IncidentUpdate> timeline = List.of(updates);
        Optional<Instant> resolved = timeline.stream().filter(u -> u.state() == IncidentState.RESOLVED)
                .map(IncidentUpdate::at).findFirst();
        return new Incident(new IncidentId("db-failover"), Incident.Kind.MANUAL, "Database failover", Status.DEGRADED,
                List.of(MonitorId.of("api"), MonitorId.of("web")), START, resolved, timeline);
    }

    private static final IncidentUpdate INVESTIGATING = new IncidentUpdate(START, IncidentState.INVESTIGATING, "Looking into it");
    private static final IncidentUpdate IDENTIFIED = new IncidentUpdate(START.plusSeconds(300), IncidentState.IDENTIFIED,
            "Primary <db> failed over");
    private static final IncidentUpdate RESOLVED = new IncidentUpdate(START.plusSeconds(900), IncidentState.RESOLVED, "All good");

    @Test
    void theGenericPayloadOfEachIncidentEventIsExactlyTheDocumentedJson() throws Exception {
        List<JsonNode> bodies = send(ChannelType.WEBHOOK,
                new IncidentEvent(IncidentEvent.Type.OPENED, incident(INVESTIGATING)),
                new IncidentEvent(IncidentEvent.Type.UPDATED, incident(INVESTIGATING, IDENTIFIED)),
                new IncidentEvent(IncidentEvent.Type.RESOLVED, incident(INVESTIGATING, IDENTIFIED, RESOLVED)));

        assertEquals(JSON.readTree("""
                {"type":"incident.opened","timestamp":"2026-11-24T20:01:02.345Z",
                 "data":{"incident":{"id":"db-failover","kind":"manual","title":"Database failover","impact":"degraded",
                         "services":["api","web"],"startedAt":"2026-11-24T20:01:02.345Z","state":"investigating",
                         "message":"Looking into it"},"url":"https://status.example.com"}}"""), bodies.get(0));
        assertEquals("incident.updated", bodies.get(1).get("type").asText());
        assertEquals("2026-11-24T20:06:02.345Z", bodies.get(1).get("timestamp").asText());
        assertEquals("identified", bodies.get(1).get("data").get("incident").get("state").asText());
        JsonNode resolved = bodies.get(2);
        assertEquals("incident.resolved", resolved.get("type").asText());
        assertEquals("2026-11-24T20:16:02.345Z", resolved.get("timestamp").asText());
        assertEquals("2026-11-24T20:16:02.345Z", resolved.get("data").get("incident").get("resolvedAt").asText());
    }

    @Test
    void oneSignedMessageIdPerIncidentEvent() throws Exception {
        var channel = ChannelSettings.of("one", ChannelType.WEBHOOK, receiver.url("/one")).withSecret("incident secret");
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), BASE_URL, FAST)) {
            IncidentListener listener = notifier;
            listener.incidentChanged(new IncidentEvent(IncidentEvent.Type.OPENED, incident(INVESTIGATING)));
        }
        var request = receiver.requests().getFirst();
        assertTrue(WebhookSigner.fromSecret("incident secret").verify(request.header("webhook-id"),
                request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"), Instant.now()));
    }

    @Test
    void slackAndDiscordShowTitleImpactServicesAndTheNewestUpdate() throws Exception {
        IncidentEvent updated = new IncidentEvent(IncidentEvent.Type.UPDATED, incident(INVESTIGATING, IDENTIFIED));
        JsonNode slack = send(ChannelType.SLACK, updated).getFirst();
        assertEquals("\uD83D\uDFE0 Incident updated: Database failover: Primary &lt;db&gt; failed over", slack.get("text").asText());
        List<String> facts = new ArrayList<>();
        slack.get("blocks").get(1).get("fields").forEach(f -> facts.add(f.get("text").asText()));
        assertEquals(List.of("*Impact*\ndegraded", "*Services*\napi, web", "*State*\nidentified",
                "*Started*\n2026-11-24T20:01:02.345Z"), facts);

        receiver.close();
        receiver = Receiver.answeringOk();
        JsonNode embed = send(ChannelType.DISCORD, updated).getFirst().get("embeds").get(0);
        assertEquals("Database failover", embed.get("title").asText());
        assertEquals(DiscordPayload.INCIDENT_COLOUR, embed.get("color").asInt());
        assertEquals("https://status.example.com", embed.get("url").asText());
    }

    @Test
    void onlyChannelsSubscribedToIncidentsGetThem() throws Exception {
        var statusOnly = ChannelSettings.of("status", ChannelType.WEBHOOK, receiver.url("/status"))
                .withEvents(Set.of(EventType.DOWN, EventType.UP));
        var incidents = ChannelSettings.of("incidents", ChannelType.WEBHOOK, receiver.url("/incidents"))
                .withEvents(Set.of(EventType.INCIDENT));
        try (var notifier = new WebhookNotifier(List.of(statusOnly, incidents), Clock.systemUTC(), BASE_URL, FAST)) {
            notifier.incidentChanged(new IncidentEvent(IncidentEvent.Type.OPENED, incident(INVESTIGATING)));
            notifier.statusChanged(Changes.down());
        }
        assertEquals(List.of("/incidents"), receiver.requests().stream()
                .filter(r -> r.text().contains("incident.")).map(Receiver.Request::path).toList());
        assertEquals(List.of("/status"), receiver.requests().stream()
                .filter(r -> r.text().contains("service.down")).map(Receiver.Request::path).toList());
    }

    private List<JsonNode> send(ChannelType type, IncidentEvent... events) throws Exception {
        var channel = ChannelSettings.of("one", type, receiver.url("/one"));
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.fixed(START, ZoneOffset.UTC), BASE_URL, FAST)) {
            for (IncidentEvent event : events) {
                notifier.incidentChanged(event);
                receiver.awaitRequest(Duration.ofSeconds(10));
            }
        }
        List<JsonNode> bodies = new ArrayList<>();
        for (var request : receiver.requests()) {
            bodies.add(JSON.readTree(request.body()));
        }
        return bodies;
    }
}
