package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.LocationDecision;
import dev.upwatch.core.port.TransitionStore;
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

    /** Reports committed, by location. */
    private final List<Location> reports = new CopyOnWriteArrayList<>();
    private final TransitionStore counted = new TransitionStore() {
        @Override
        public void commit(Transition transition) {
            transitions.commit(transition);
        }

        @Override
        public List<CommittedStatus> statuses() {
            return transitions.statuses();
        }

        @Override
        public Optional<Transition> report(LocationStatus report, LocationDecision decision) {
            reports.add(report.location());
            return transitions.report(report, decision);
        }

        @Override
        public List<LocationStatus> locationStatuses() {
            return transitions.locationStatuses();
        }
    };

    private StatusService node(Location location) {
        TransitionJournal journal = new TransitionJournal(counted, List.of(planner));
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

    @Test
    void aSteadyCheckCommitsNothingUntilItsLocationsRowIsDueForRefresh() {
        StatusService fra = node(FRA);
        StatusService nyc = node(NYC);
        check(fra, 0, Outcome.SUCCESS);
        check(nyc, 0, Outcome.SUCCESS);
        check(fra, 1, Outcome.SUCCESS); // nyc's verdict is not known to fra yet: its memory makes UP anyway
        // nyc held no status when fra had committed UP: its first report decided nothing, adopted UP and came again.
        List<Location> started = List.of(FRA, NYC, NYC);
        assertEquals(started, reports);

        for (int second = 2; second < GRACE.toSeconds(); second++) {
            check(fra, second, Outcome.SUCCESS);
        }
        assertEquals(started, reports, "no transaction while fra's verdict stands");
        check(fra, GRACE.toSeconds(), Outcome.SUCCESS);
        assertEquals(List.of(FRA, NYC, NYC, FRA), reports, "refreshed once the lease time has passed");
        check(fra, GRACE.toSeconds() + 1, Outcome.FAILURE);
        assertEquals(List.of(FRA, NYC, NYC, FRA, FRA), reports, "a changed verdict at once");
    }

    @Test
    void aCheckRefusedByOneLocationsEgressPolicyIsThatLocationFailing() {
        StatusService fra = node(FRA);
        StatusService nyc = node(NYC);
        check(fra, 0, Outcome.SUCCESS);
        check(nyc, 1, Outcome.SUCCESS);

        // nyc's policy refuses the target: nyc cannot reach it, so nyc votes DOWN; at quorum 2 that is partial.
        List<Sample> stored = new CopyOnWriteArrayList<>();
        nyc.checked(API, blocked(30), stored::add);
        ServiceStatus partial = nyc.service(API.id()).orElseThrow();
        assertEquals(Status.UP, partial.status());
        assertEquals(List.of(NYC), partial.failingFrom());
        assertEquals("blocked by the egress policy of nyc: 169.254.169.254 is a link-local address",
                partial.locations().get(NYC).reason());
        assertEquals(Outcome.FAILURE, stored.getFirst().outcome(), "recorded as nyc's failure");
        assertEquals(Optional.of(NYC), stored.getFirst().location(), "stored with the location that took it");
        assertEquals(List.of("unknown->up []"), committed, "no change, no incident while only nyc is refused");

        ServiceStatus down = check(fra, 61, Outcome.FAILURE);
        assertEquals(Status.DOWN, down.status());
        assertEquals(List.of("unknown->up []", "up->down [incident.opened]"), committed);
    }

    @Test
    void aMonitorCheckedFromOneLocationKeepsARefusedCheckBlocked() {
        Monitor single = Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("test", ProbeSettings.empty()))
                .interval(Duration.ofSeconds(30)).failureThreshold(1)
                .placement(new Placement(List.of(NYC), OptionalInt.empty())).build();
        TransitionJournal journal = new TransitionJournal(counted, List.of(planner));
        StatusService nyc = new StatusService(Clock.fixed(T0, ZoneOffset.UTC), samples, new InMemoryRollupStore(),
                MaintenanceCalendar.NONE, journal, Optional.empty(), Optional.of(new Vantage(NYC, GRACE)));
        nyc.track(List.of(single));
        nyc.checked(single, sample(0, Outcome.SUCCESS), recorded -> { });
        List<Sample> stored = new CopyOnWriteArrayList<>();
        nyc.checked(single, blocked(30), stored::add);
        assertEquals(Outcome.BLOCKED, stored.getFirst().outcome());
        assertEquals(Status.UP, nyc.service(single.id()).orElseThrow().status(), "a configuration error, not an outage");
        assertEquals(List.of("unknown->up []"), committed);
    }

    private static Sample blocked(long secondsAfterT0) {
        return new Sample(API.id(), T0.plusSeconds(secondsAfterT0), Duration.ZERO, Outcome.BLOCKED,
                Optional.of("blocked by egress policy: 169.254.169.254 is a link-local address"), List.of());
    }

    private static Map<Location, Status> statuses(ServiceStatus service) {
        Map<Location, Status> byLocation = new java.util.TreeMap<>();
        service.locations().forEach((location, status) -> byLocation.put(location, status.status()));
        return byLocation;
    }
}
