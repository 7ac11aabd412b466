package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flap suppression and per-monitor routing, against a real HTTP receiver. */
class NoiseAndRoutingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(10));
    private static final Monitor WEB = Monitor.builder(MonitorId.of("web"), "Web", new ProbeSpec("http", ProbeSettings.empty()))
            .group("Public").build();

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
    void aFlappingMonitorGetsOneFlappingMessageThenSilenceThenItsSettledState() throws Exception {
        var channel = ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"))
                .withFlap(new FlapRule(3, Duration.ofMillis(1500)));
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), Optional.empty(), FAST)) {
            long started = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                notifier.statusChanged(i % 2 == 0 ? at(Changes.down(), i * 50) : at(Changes.up(), i * 50));
            }
            awaitRequests(4);
            if (System.nanoTime() - started < Duration.ofMillis(1200).toNanos()) {
                assertEquals(List.of("service.down", "service.down", "service.flapping", "service.up"), sorted(types()),
                        "three transitions, then one flapping message, then quiet");
            }
            awaitRequests(5);
        }
        List<String> types = types();
        assertEquals(5, types.size(), types.toString());
        assertEquals(List.of("service.down", "service.down", "service.flapping", "service.up"), sorted(types.subList(0, 4)));
        assertEquals("service.up", types.getLast(), "once stable for the window, the latest state");
    }

    private void awaitRequests(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receiver.requests().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void flapSuppressionCanBeTurnedOff() throws Exception {
        var channel = ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook")).withFlap(FlapRule.OFF);
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), Optional.empty(), FAST)) {
            for (int i = 0; i < 8; i++) {
                notifier.statusChanged(i % 2 == 0 ? at(Changes.down(), i) : at(Changes.up(), i));
            }
        }
        assertEquals(8, receiver.requests().size());
    }

    @Test
    void changesSpreadOverMoreThanTheWindowAreNotFlapping() throws Exception {
        var channel = ChannelSettings.of("hook", ChannelType.WEBHOOK, receiver.url("/hook"))
                .withFlap(new FlapRule(2, Duration.ofMinutes(10)));
        try (var notifier = new WebhookNotifier(List.of(channel), Clock.systemUTC(), Optional.empty(), FAST)) {
            for (int i = 0; i < 6; i++) {
                notifier.statusChanged(i % 2 == 0 ? at(Changes.down(), i * 600_000) : at(Changes.up(), i * 600_000));
            }
        }
        assertEquals(6, receiver.requests().size());
        assertTrue(types().stream().noneMatch("service.flapping"::equals));
    }

    @Test
    void aChannelWithMonitorsGetsOnlyThoseAndOneWithoutGetsAll() throws Exception {
        var onlyApi = ChannelSettings.of("api-team", ChannelType.WEBHOOK, receiver.url("/api-team"))
                .withMonitors(Set.of(MonitorId.of("api")));
        var everyone = ChannelSettings.of("ops", ChannelType.WEBHOOK, receiver.url("/ops"));
        try (var notifier = new WebhookNotifier(List.of(onlyApi, everyone), Clock.systemUTC(), Optional.empty(), FAST)) {
            notifier.statusChanged(Changes.down());
            StatusChange webDown = Changes.down();
            notifier.statusChanged(new StatusChange(WEB, webDown.previous(), webDown.current(), webDown.at(),
                    webDown.sample(), webDown.reason()));
            notifier.incidentChanged(incident(MonitorId.of("web")));
            notifier.incidentChanged(incident(MonitorId.of("api"), MonitorId.of("web")));
        }
        List<String> apiTeam = received("/api-team");
        assertEquals(2, apiTeam.size(), apiTeam.toString());
        assertEquals(Set.of("service.down:api", "incident.opened:"), Set.copyOf(apiTeam), "deliveries run concurrently");
        assertEquals(Set.of("service.down:api", "service.down:web", "incident.opened:"), Set.copyOf(received("/ops")));
        assertEquals(4, receiver.requestsTo("/ops").size());
    }

    private static IncidentEvent incident(MonitorId... services) {
        return new IncidentEvent(IncidentEvent.Type.OPENED, new Incident(new IncidentId("i-" + services.length),
                Incident.Kind.MANUAL, "Trouble", Status.DOWN, List.of(services), Changes.AT, Optional.empty(), List.of()));
    }

    private List<String> received(String path) throws Exception {
        List<String> out = new ArrayList<>();
        for (var request : receiver.requestsTo(path)) {
            JsonNode body = JSON.readTree(request.body());
            JsonNode service = body.get("data").get("service");
            out.add(body.get("type").asText() + ":" + (service == null ? "" : service.get("id").asText()));
        }
        return out;
    }

    private List<String> types() throws Exception {
        List<String> types = new ArrayList<>();
        for (var request : receiver.requests()) {
            types.add(JSON.readTree(request.body()).get("type").asText());
        }
        return types;
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    private static StatusChange at(StatusChange change, long millisLater) {
        Instant at = Changes.AT.plusMillis(millisLater);
        return new StatusChange(change.monitor(), change.previous(), change.current(), at, change.sample(), change.reason());
    }
}
