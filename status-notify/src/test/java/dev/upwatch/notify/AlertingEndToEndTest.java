package dev.upwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.core.service.StatusService;
import dev.upwatch.core.service.TransitionJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code depends-on} and acknowledgements end to end: checks go through the {@link StatusService}, changes are committed with their
 * notifications by the {@link TransitionJournal} (the outbox decides nothing later: what is not planned with the change
 * never exists), and a real receiver on port 0 counts what arrives. Closing the notifier delivers everything pending,
 * so a count taken after it is final.
 */
class AlertingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults().withJitter(0)
            .withAttemptDelays(Duration.ZERO, Duration.ofMillis(20)).withCloseTimeout(Duration.ofSeconds(20));
    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    private static final Monitor ROUTER = Monitor.builder(MonitorId.of("router"), "Router", tcp())
            .failureThreshold(3).build();
    private static final List<Monitor> CHILDREN = IntStream.rangeClosed(1, 20)
            .mapToObj(i -> Monitor.builder(MonitorId.of("app-" + i), "App " + i, tcp()).failureThreshold(2)
                    .dependsOn(List.of(ROUTER.id())).build())
            .toList();

    private Receiver receiver;
    private InMemoryOutboxStore outbox;
    private WebhookNotifier notifier;
    private IncidentService incidents;
    private StatusService status;
    private Instant now = START;

    private static ProbeSpec tcp() {
        return new ProbeSpec("tcp", ProbeSettings.empty());
    }

    @BeforeEach
    void start() throws IOException {
        receiver = Receiver.answeringOk();
        Clock clock = Clock.fixed(START, ZoneOffset.UTC);
        var statusEvents = EnumSet.of(EventType.DOWN, EventType.UP, EventType.DEGRADED);
        List<ChannelSettings> channels = List.of(
                ChannelSettings.of("ops", ChannelType.WEBHOOK, receiver.url("/ops")).withEvents(statusEvents)
                        .withFlap(FlapRule.OFF).withRemindEvery(Duration.ofMinutes(30)),
                ChannelSettings.of("chat", ChannelType.SLACK, receiver.url("/chat")).withEvents(statusEvents)
                        .withFlap(FlapRule.OFF),
                ChannelSettings.of("incidents", ChannelType.WEBHOOK, receiver.url("/incidents"))
                        .withEvents(EnumSet.of(EventType.INCIDENT)));
        outbox = new InMemoryOutboxStore();
        notifier = new WebhookNotifier(channels, clock, Optional.empty(), FAST, outbox);
        InMemoryIncidentStore incidentStore = new InMemoryIncidentStore();
        TransitionJournal journal = new TransitionJournal(new InMemoryTransitionStore(incidentStore, outbox),
                List.of(notifier));
        incidents = new IncidentService(clock, incidentStore, List.of(), List.of(), journal);
        status = new StatusService(clock, new InMemorySampleStore(), new InMemoryRollupStore(), MaintenanceCalendar.NONE,
                journal, Optional.of(incidents));
        List<Monitor> all = new ArrayList<>(List.of(ROUTER));
        all.addAll(CHILDREN);
        status.track(all);
        all.forEach(monitor -> check(monitor, true)); // everything UP: a first UP notifies nothing
    }

    @AfterEach
    void stop() {
        notifier.close();
        receiver.close();
    }

    @Test
    void aParentAndTwentyChildrenFailingTogetherSendOneNotificationPerChannel() throws Exception {
        check(ROUTER, false);             // the router's first failure: it is failing, not DOWN yet
        CHILDREN.forEach(child -> check(child, false));
        CHILDREN.forEach(child -> check(child, false)); // the children reach their threshold before the router
        for (Monitor child : CHILDREN) {
            assertEquals(Status.DOWN, status.service(child.id()).orElseThrow().status());
        }
        check(ROUTER, false);
        check(ROUTER, false);             // DOWN
        assertEquals("unreachable: Router is down", status.service(CHILDREN.getFirst().id()).orElseThrow()
                .reason().orElseThrow(), "the page shows the cause");
        notifier.close();                 // delivers every planned message

        assertEquals(3, outbox.deliveries(100).size(), "one message per channel was ever planned");
        JsonNode ops = only("/ops");
        assertEquals("service.down", ops.path("type").asText());
        assertEquals("router", ops.path("data").path("service").path("id").asText());
        assertEquals(20, ops.path("data").path("affected").size(), ops.toString());
        assertEquals("app-1", ops.path("data").path("affected").get(0).path("id").asText());
        assertTrue(only("/chat").toString().contains("also affects 20 services: App 1, App 2"), only("/chat").toString());
        assertEquals("incident.opened", only("/incidents").path("type").asText());
        assertEquals(List.of(ROUTER.id()), incidents.active().stream().filter(i -> i.kind() == Incident.Kind.AUTOMATIC)
                .flatMap(i -> i.services().stream()).toList(), "the children open no incidents of their own");
    }

    @Test
    void aChildFailingAloneStillAlerts() throws Exception {
        Monitor child = CHILDREN.get(4);
        check(child, false);
        check(child, false);
        notifier.close();
        JsonNode ops = only("/ops");
        assertEquals("app-5", ops.path("data").path("service").path("id").asText());
        assertEquals("connection refused", ops.path("data").path("reason").asText());
        assertEquals(1, receiver.requestsTo("/chat").size());
        assertEquals(1, receiver.requestsTo("/incidents").size());
    }

    @Test
    void theRecoveryNamesWhatIsStillDownAndAChildStillFailingAfterwardsAlertsOnItsOwn() throws Exception {
        check(ROUTER, false);
        check(ROUTER, false);
        check(ROUTER, false);             // DOWN first this time
        CHILDREN.forEach(child -> check(child, false));
        CHILDREN.forEach(child -> check(child, false));
        check(ROUTER, true);              // back UP; every child is still DOWN as far as their checks know
        CHILDREN.subList(0, 19).forEach(child -> check(child, true)); // they recover: their outage was the router's
        Monitor broken = CHILDREN.getLast();
        check(broken, false);             // still failing with the router up: its own outage now
        check(broken, false);             // and still: no second notification
        notifier.close();

        List<JsonNode> ops = all("/ops");
        assertEquals(List.of("service.down app-20", "service.down router", "service.up router"), ops.stream()
                .map(n -> n.path("type").asText() + " " + n.path("data").path("service").path("id").asText())
                .sorted().toList(), "one channel and subject keeps its order; subjects may interleave");
        JsonNode up = ops.stream().filter(n -> n.path("type").asText().equals("service.up")).findFirst().orElseThrow();
        assertEquals(20, up.path("data").path("affected").size(), "the recovery names those still down");
        JsonNode own = ops.stream().filter(n -> n.path("data").path("service").path("id").asText().equals("app-20"))
                .findFirst().orElseThrow();
        assertEquals("connection refused", own.path("data").path("reason").asText());
        assertEquals(3, receiver.requestsTo("/chat").size());
        assertEquals(Optional.empty(), status.service(CHILDREN.getFirst().id()).orElseThrow().reason());
        assertEquals(Optional.of("connection refused"), status.service(broken.id()).orElseThrow().reason());
    }

    @Test
    void childrenDownWhileTheirParentMerelyFailedAlertOnceItProvesHealthy() throws Exception {
        List<Monitor> two = CHILDREN.subList(0, 2);
        check(ROUTER, false);             // one failure, below its threshold of 3
        two.forEach(child -> check(child, false));
        two.forEach(child -> check(child, false)); // DOWN, held for the router
        check(ROUTER, true);              // the router was fine after all
        two.forEach(child -> check(child, false)); // so these outages are their own
        notifier.close();
        assertEquals(List.of("app-1", "app-2"), all("/ops").stream()
                .map(n -> n.path("data").path("service").path("id").asText()).sorted().toList());
    }

    @Test
    void anAcknowledgedOutageRemindsNoMoreAndItsIncidentSaysWhoAndWhen() throws Exception {
        Monitor app = CHILDREN.get(2);
        check(app, false);
        check(app, false);
        assertTrue(notifier.reminding(app.id()), "a DOWN starts the reminders of a channel with remind-every");
        Incident acknowledged = incidents.acknowledge(app.id(), "alice", Optional.of("restarting it"));
        assertFalse(notifier.reminding(app.id()), "planned with the acknowledgement: no reminder can fire");
        var update = acknowledged.updates().getLast();
        assertEquals("Acknowledged by alice: restarting it", update.message());
        assertEquals(acknowledged.startedAt(), update.at(),
                "when: the clock at the acknowledgement, never before the incident began (this clock stands before it)");
        assertEquals(Optional.of(acknowledged), incidents.find(acknowledged.id()));
        assertThrows(java.util.NoSuchElementException.class,
                () -> incidents.acknowledge(ROUTER.id(), "alice", Optional.empty()), "the router is not down");
        notifier.close();
        assertEquals(List.of("incident.opened", "incident.acknowledged"), all("/incidents").stream()
                .map(n -> n.path("type").asText()).toList());
        assertEquals("Acknowledged by alice: restarting it",
                all("/incidents").getLast().path("data").path("incident").path("message").asText());
    }

    /** One check of {@code monitor}, a second after the previous check of any monitor. */
    private void check(Monitor monitor, boolean passes) {
        now = now.plusSeconds(1);
        status.checked(monitor, new Sample(monitor.id(), now, Duration.ofMillis(5),
                passes ? Outcome.SUCCESS : Outcome.FAILURE,
                passes ? Optional.empty() : Optional.of("connection refused"), List.of()));
    }

    private List<JsonNode> all(String path) throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (Receiver.Request request : receiver.requestsTo(path)) {
            bodies.add(JSON.readTree(request.body()));
        }
        return bodies;
    }

    private JsonNode only(String path) throws IOException {
        List<JsonNode> bodies = all(path);
        assertEquals(1, bodies.size(), path + ": " + bodies);
        return bodies.getFirst();
    }
}
