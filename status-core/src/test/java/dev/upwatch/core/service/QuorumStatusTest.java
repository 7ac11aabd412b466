package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Placement;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.rule.MaintenanceCalendar;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two nodes in two locations on one transition store: each judges its own checks, and the monitor's status is decided
 * by quorum of the locations' verdicts in the transaction that commits a location's verdict. Failing from one location
 * of two at quorum 2 is a partial state (no change, no incident, no message); failing from both is one DOWN with one
 * incident, decided by whichever location's report completes the quorum; a location that stopped checking drops out.
 */
class QuorumStatusTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Location FRA = Location.of("fra");
    private static final Location NYC = Location.of("nyc");
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
                    new ProbeSpec("test", ProbeSettings.empty()))
            .interval(Duration.ofSeconds(30)).failureThreshold(1)
            .placement(new Placement(List.of(FRA, NYC), OptionalInt.of(2))).build();

    private final InMemorySampleStore samples = new InMemorySampleStore();
    private final InMemoryIncidentStore incidentStore = new InMemoryIncidentStore();
    private final InMemoryTransitionStore transitions = new InMemoryTransitionStore(incidentStore,
            new InMemoryOutboxStore());
    /** Every change any node committed, with the incident events of each, in commit order. */
    private final List<String> committed = new CopyOnWriteArrayList<>();

    private final NotificationPlanner planner = new NotificationPlanner() {
        @Override
        public List<OutboxMessage> plan(Optional<StatusChange> change, List<IncidentEvent> events) {
            change.ifPresent(c -> committed.add(c.previous().wireName() + "->" + c.current().wireName() + " "
                    + events.stream().map(e -> e.type().wireName()).toList()));
            return List.of();
        }

        @Override
        public void committed(List<OutboxMessage> messages, boolean durable) {
        }

        @Override
        public void discarded(List<OutboxMessage> messages) {
        }
    };

    private StatusService node(Location location) {
        TransitionJournal journal = new TransitionJournal(transitions, List.of(planner));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        IncidentService incidents = new IncidentService(clock, incidentStore, List.of(), List.of(), journal);
        incidents.restore(List.of(API.id()));
        StatusService status = new StatusService(clock, samples, new InMemoryRollupStore(), MaintenanceCalendar.NONE,
                journal, Optional.of(incidents), Optional.of(new Vantage(location, GRACE)));
        status.track(List.of(API));
        return status;
    }

    private static Sample sample(long secondsAfterT0, Outcome outcome) {
        return new Sample(API.id(), T0.plusSeconds(secondsAfterT0), Duration.ofMillis(12), outcome,
                outcome == Outcome.FAILURE ? Optional.of("connection refused") : Optional.empty(), List.of());
    }

    private static ServiceStatus check(StatusService node, long secondsAfterT0, Outcome outcome) {
        node.checked(API, sample(secondsAfterT0, outcome), recorded -> { });
        return node.service(API.id()).orElseThrow();
    }

    @Test
    void failingFromOneLocationIsPartialAndFromBothIsOneDown() {
        StatusService fra = node(FRA);
        StatusService nyc = node(NYC);
        check(fra, 0, Outcome.SUCCESS);
        check(nyc, 1, Outcome.SUCCESS);
        assertEquals(List.of("unknown->up []"), committed);

        ServiceStatus partial = check(nyc, 30, Outcome.FAILURE);
        assertEquals(Status.UP, partial.status());
        assertEquals(List.of(NYC), partial.failingFrom());
        assertEquals(Map.of(FRA, Status.UP, NYC, Status.DOWN), statuses(partial));
        assertEquals(List.of("unknown->up []"), committed, "no change, no incident while one location of two fails");
        // fra, still passing, is told of nyc's verdict by its own next report.
        assertEquals(List.of(NYC), check(fra, 31, Outcome.SUCCESS).failingFrom());

        ServiceStatus down = check(fra, 61, Outcome.FAILURE);
        assertEquals(Status.DOWN, down.status());
        assertEquals(List.of(), down.failingFrom());
        assertEquals(List.of("unknown->up []", "up->down [incident.opened]"), committed);

        // nyc, which has not heard of the DOWN yet, adopts it at its next report and decides nothing twice.
        assertEquals(Status.DOWN, check(nyc, 62, Outcome.FAILURE).status());
        assertEquals(List.of("unknown->up []", "up->down [incident.opened]"), committed);

        // One location recovering is enough to be UP again at quorum 2 (DOWN needs both): nyc decides it.
        ServiceStatus up = check(nyc, 90, Outcome.SUCCESS);
        assertEquals(Status.UP, up.status());
        assertEquals(List.of(FRA), up.failingFrom());
        assertEquals(List.of("unknown->up []", "up->down [incident.opened]", "down->up [incident.resolved]"),
                committed);
    }

    @Test
    void aLocationThatStoppedCheckingNoLongerHoldsTheVerdict() {
        StatusService fra = node(FRA);
        StatusService nyc = node(NYC);
        check(fra, 0, Outcome.SUCCESS);
        check(nyc, 0, Outcome.SUCCESS); // nyc's last check: its nodes are gone from here on
        // Within 3 intervals + grace of nyc's last check it still counts: fra alone is a partial failure.
        long bound = Duration.ofSeconds(30).multipliedBy(3).plus(GRACE).toSeconds();
        assertEquals(Status.UP, check(fra, bound, Outcome.FAILURE).status());
        assertEquals(List.of("unknown->up []"), committed);
        // One second later nyc no longer counts; the quorum shrinks to the one location left.
        assertEquals(Status.DOWN, check(fra, bound + 1, Outcome.FAILURE).status());
        assertEquals(List.of("unknown->up []", "up->down [incident.opened]"), committed);
    }

    private static Map<Location, Status> statuses(ServiceStatus service) {
        Map<Location, Status> byLocation = new java.util.TreeMap<>();
        service.locations().forEach((location, status) -> byLocation.put(location, status.status()));
        return byLocation;
    }
}
