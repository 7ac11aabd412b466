package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.ConditionResult;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.IncidentStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.HealthStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncidentServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final MonitorId API = MonitorId.of("api");

    private final InMemoryIncidentStore store = new InMemoryIncidentStore();
    private final RecordingListener listener = new RecordingListener();
    private final Clock clock = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);

    /**
     * Checks one second apart, through the real state machine: S = fast success, L = slow success (300 ms,
     * degraded above 200 ms), F = failure ([STATUS] (503) == 200), E = error on our side.
     * Events: O = opened, U = updated, R = resolved.
     */
    @ParameterizedTest(name = "{0}/{1} {2} -> {3}")
    @CsvSource({
            // failure threshold, success threshold, checks, events, impact of the last incident
            "2, 1, SSS,        '',     ''",
            "2, 1, SFS,        '',     ''",
            "2, 1, SFFS,       OR,     DOWN",
            "1, 1, SFS,        OR,     DOWN",
            "3, 1, SFFSFFF,    O,      DOWN",
            "2, 2, SFFSFSS,    OR,     DOWN",
            "2, 1, SFFFFFS,    OR,     DOWN",
            "2, 1, SLS,        OR,     DEGRADED",
            "2, 1, SLLFFS,     OUR,    DOWN",
            "2, 1, SFFLS,      OUR,    DOWN",
            "2, 1, SFFLFFS,    OUUR,   DOWN",
            "2, 1, SFFSFFS,    OROR,   DOWN",
            "2, 1, SFEEEFS,    OR,     DOWN",
            "2, 1, FFS,        OR,     DOWN",
    })
    void incidentsFollowStatusChanges(int failureThreshold, int successThreshold, String checks, String events,
                                      String impact) {
        Monitor monitor = monitor(failureThreshold, successThreshold);
        IncidentService service = service();
        feed(service, monitor, HealthStateMachine.unknown(T0), checks, 0);

        assertEquals(events, listener.letters());
        List<Incident> stored = store.forService(API, 100);
        assertEquals(events.chars().filter(c -> c == 'O').count(), stored.size(), "one incident per outage, all stored");
        if (!impact.isEmpty()) {
            Incident last = stored.getFirst();
            assertEquals(Status.valueOf(impact), last.impact(), "impact is the worst status seen");
            assertEquals(events.endsWith("R"), !last.isActive());
            assertEquals(last, listener.events.getLast().incident(), "what is stored is what was announced");
        }
        assertEquals(events.endsWith("O") || events.endsWith("U") ? 1 : 0, service.active().size());
    }

    @Test
    void anOutageIsOpenedWithTheFailingConditionAndResolvedWithItsDuration() {
        IncidentService service = service();
        Monitor monitor = monitor(2, 1);
        feed(service, monitor, HealthStateMachine.unknown(T0), "SFF", 0);
        Incident opened = service.active().getFirst();
        assertEquals("Target API is down", opened.title());
        assertEquals(Incident.Kind.AUTOMATIC, opened.kind());
        assertEquals(List.of(API), opened.services());
        assertEquals(T0.plusSeconds(2), opened.startedAt(), "starts at the check that made the monitor DOWN");
        assertEquals(IncidentId.of("api-" + T0.plusSeconds(2).toEpochMilli()), opened.id());
        assertEquals(List.of(new IncidentUpdate(T0.plusSeconds(2), IncidentState.INVESTIGATING,
                "Down: [STATUS] (503) == 200")), opened.updates());

        service.statusChanged(change(monitor, Status.DOWN, Status.UP, T0.plus(Duration.ofSeconds(254)),
                "checks pass, response time 12 ms"));
        Incident resolved = service.find(opened.id()).orElseThrow();
        assertEquals(Optional.of(T0.plusSeconds(254)), resolved.resolvedAt());
        assertEquals(new IncidentUpdate(T0.plusSeconds(254), IncidentState.RESOLVED,
                "Recovered after 4m12s: checks pass, response time 12 ms"), resolved.updates().getLast());
        assertTrue(service.active().isEmpty());
        assertEquals(List.of(resolved), service.forService(API, 10));
    }

    @Test
    void escalationFromDegradedToDownIsAnUpdateOfTheSameIncident() {
        IncidentService service = service();
        Monitor monitor = monitor(1, 1);
        feed(service, monitor, HealthStateMachine.unknown(T0), "SLF", 0);
        Incident incident = service.active().getFirst();
        assertEquals(Status.DOWN, incident.impact());
        assertEquals("Target API is down", incident.title());
        assertEquals(List.of("Degraded: response time 300 ms above 200ms", "Now down: [STATUS] (503) == 200"),
                incident.updates().stream().map(IncidentUpdate::message).toList());
    }

    @Test
    void aPartialRecoveryAndARelapseAreUpdatesWithTheirState() {
        IncidentService service = service();
        feed(service, monitor(2, 1), HealthStateMachine.unknown(T0), "SFFLFF", 0);
        Incident incident = service.active().getFirst();
        assertEquals(Status.DOWN, incident.impact());
        assertEquals(List.of(
                new IncidentUpdate(T0.plusSeconds(2), IncidentState.INVESTIGATING, "Down: [STATUS] (503) == 200"),
                new IncidentUpdate(T0.plusSeconds(3), IncidentState.MONITORING,
                        "Partially recovered, now degraded: response time 300 ms above 200ms"),
                new IncidentUpdate(T0.plusSeconds(5), IncidentState.INVESTIGATING, "Down again: [STATUS] (503) == 200")),
                incident.updates());
    }

    @Test
    void aRestoredIncidentResolvesWhenTheFirstVerdictAfterRestartIsUp() {
        Monitor monitor = monitor(2, 1);
        feed(service(), monitor, HealthStateMachine.unknown(T0), "FF", 0);
        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(listener));
        restarted.restore(List.of(API));
        feed(restarted, monitor, HealthStateMachine.unknown(T0.plusSeconds(60)), "S", 60);
        assertEquals("OR", listener.letters());
        assertTrue(store.active().isEmpty());
        assertEquals(Optional.of(T0.plusSeconds(60)), store.forService(API, 1).getFirst().resolvedAt());
    }

    @Test
    void aRestoredDegradedIncidentEscalatesWhenTheFirstVerdictIsDown() {
        Monitor monitor = monitor(2, 1);
        feed(service(), monitor, HealthStateMachine.unknown(T0), "SL", 0);
        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(listener));
        restarted.restore(List.of(API));
        feed(restarted, monitor, HealthStateMachine.unknown(T0.plusSeconds(60)), "FF", 60);
        assertEquals("OU", listener.letters());
        Incident incident = restarted.active().getFirst();
        assertEquals(Status.DOWN, incident.impact());
        assertEquals("Target API is down", incident.title());
        assertEquals(List.of(incident), store.active());
    }

    @Test
    void monitorsChangingConcurrentlyEachGetTheirOwnIncident() throws Exception {
        IncidentService service = service();
        int monitors = 50;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int m = 0; m < monitors; m++) {
                Monitor monitor = Monitor.builder(MonitorId.of("m" + m), "M" + m, new ProbeSpec("test", ProbeSettings.empty()))
                        .failureThreshold(1).build();
                threads.submit(() -> {
                    HealthStateMachine machine = HealthStateMachine.unknown(T0);
                    for (int i = 0; i < 20; i++) {
                        char check = i % 4 < 2 ? 'S' : 'F';
                        Sample template = sample(check, T0.plusSeconds(i));
                        Sample sample = new Sample(monitor.id(), template.startedAt(), template.responseTime(),
                                template.outcome(), template.error(), template.conditionResults());
                        machine.apply(monitor, sample).ifPresent(service::statusChanged);
                    }
                });
            }
        }
        // Each monitor: UP, then 5 outages of 2 checks, the last one still open at check 19.
        assertEquals(monitors * 5, store.between(T0, T0.plusSeconds(60)).size());
        assertEquals(monitors, service.active().size());
        assertEquals(monitors * 5, listener.events.stream().filter(e -> e.type() == IncidentEvent.Type.OPENED).count());
        assertEquals(monitors * 4, listener.events.stream().filter(e -> e.type() == IncidentEvent.Type.RESOLVED).count());
    }

    @Test
    void aRestartContinuesTheOpenIncidentInsteadOfOpeningAnother() {
        Monitor monitor = monitor(2, 1);
        feed(service(), monitor, HealthStateMachine.unknown(T0), "SFF", 0);
        Incident before = store.active().getFirst();

        // After a restart without stored samples the monitor starts UNKNOWN, then its first verdict is DOWN.
        RecordingListener after = new RecordingListener();
        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(after));
        restarted.restore(List.of(API));
        assertEquals(List.of(before), restarted.active());
        feed(restarted, monitor, HealthStateMachine.unknown(T0.plusSeconds(60)), "FFFS", 60);

        assertEquals("R", after.letters(), "no duplicate opened, the restored one resolved");
        List<Incident> all = store.forService(API, 10);
        assertEquals(1, all.size());
        assertEquals(before.id(), all.getFirst().id());
        assertEquals(Optional.of(T0.plusSeconds(63)), all.getFirst().resolvedAt());
    }

    @Test
    void aRestartedDownMonitorResolvesItsIncidentWhenUpAgain() {
        Monitor monitor = monitor(2, 1);
        feed(service(), monitor, HealthStateMachine.unknown(T0), "SFF", 0);
        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(listener));
        restarted.restore(List.of(API));
        // The replay of stored samples made the monitor DOWN again without a change; the next change is the recovery.
        restarted.statusChanged(change(monitor, Status.DOWN, Status.UP, T0.plusSeconds(90), "checks pass"));
        assertEquals("OR", listener.letters());
        assertTrue(restarted.active().isEmpty());
        assertTrue(store.active().isEmpty());
    }

    @Test
    void anIncidentLeftOpenWhileTheMonitorRecoveredIsClosedAtTheNextChange() {
        Monitor monitor = monitor(2, 1);
        feed(service(), monitor, HealthStateMachine.unknown(T0), "SFF", 0);
        Incident stale = store.active().getFirst();
        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(listener));
        restarted.restore(List.of(API));
        // Replay says UP (the crash came between the recovery and its incident update): stays open until the next change.
        assertEquals(List.of(stale), restarted.active());
        restarted.statusChanged(change(monitor, Status.UP, Status.DOWN, T0.plusSeconds(600), "[STATUS] (500) == 200"));

        assertEquals("ORO", listener.letters());
        Incident closed = store.find(stale.id()).orElseThrow();
        assertEquals(Optional.of(T0.plusSeconds(600)), closed.resolvedAt());
        Incident fresh = restarted.active().getFirst();
        assertEquals(T0.plusSeconds(600), fresh.startedAt());
        assertEquals(2, store.forService(API, 10).size());
    }

    @Test
    void reconcilingWithRestoredStatusResolvesIncidentsOfMonitorsAlreadyUp() {
        Monitor monitor = monitor(2, 1);
        Monitor other = Monitor.builder(MonitorId.of("web"), "Web", new ProbeSpec("test", ProbeSettings.empty())).build();
        IncidentService before = service();
        feed(before, monitor, HealthStateMachine.unknown(T0), "SFF", 0);
        before.statusChanged(change(other, Status.UP, Status.DOWN, T0.plusSeconds(1), "connection refused"));
        // The stored samples say api recovered at T0+3s (its incident's resolve was lost); web is still down.
        InMemorySampleStore samples = new InMemorySampleStore();
        samples.append(List.of(sample('S', T0), sample('F', T0.plusSeconds(1)), sample('F', T0.plusSeconds(2)),
                sample('S', T0.plusSeconds(3)), sample('S', T0.plusSeconds(4))));
        StatusService status = new StatusService(clock, samples);
        status.track(List.of(monitor, other));

        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(listener));
        restarted.restore(List.of(API, other.id()));
        restarted.reconcile(status);

        assertEquals("OOR", listener.letters());
        Incident resolved = store.forService(API, 1).getFirst();
        assertEquals(Optional.of(T0.plusSeconds(3)), resolved.resolvedAt(), "ends when the replayed status became UP");
        assertEquals(List.of(other.id()), restarted.active().stream().flatMap(i -> i.services().stream()).toList(),
                "a monitor still down (here: no stored verdict) keeps its incident");
    }

    @Test
    void restoreResolvesIncidentsOfMonitorsNoLongerWatched() {
        feed(service(), monitor(2, 1), HealthStateMachine.unknown(T0), "FF", 0);
        IncidentService restarted = new IncidentService(clock, store, List.of(), List.of(listener));
        restarted.restore(List.of(MonitorId.of("other")));
        assertTrue(restarted.active().isEmpty());
        Incident closed = store.forService(API, 1).getFirst();
        assertEquals(Optional.of(clock.instant()), closed.resolvedAt());
        assertEquals("api is no longer monitored", closed.updates().getLast().message());
    }

    @Test
    void storeFailuresNeverStopIncidentTracking() {
        IncidentService service = new IncidentService(clock, new BrokenStore(), List.of(), List.of(listener));
        service.restore(List.of(API));
        feed(service, monitor(2, 1), HealthStateMachine.unknown(T0), "SFF", 0);
        assertEquals("O", listener.letters());
        assertEquals(1, service.active().size());
        assertEquals(1, service.forService(API, 10).size(), "reads fall back to memory");
        assertEquals(1, service.between(T0, T0.plusSeconds(10)).size());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        RecordingListener second = new RecordingListener();
        IncidentListener broken = event -> {
            throw new IllegalStateException("boom");
        };
        IncidentService service = new IncidentService(clock, store, List.of(), List.of(broken, second));
        feed(service, monitor(2, 1), HealthStateMachine.unknown(T0), "SFFS", 0);
        assertEquals("OR", second.letters());
        assertEquals(1, store.forService(API, 10).size());
    }

    @Test
    void configuredIncidentsAndMaintenanceAreMergedIntoTheQueries() {
        Instant now = clock.instant();
        Incident ongoing = configured("db-slow", Incident.Kind.MANUAL, Status.DEGRADED, now.minusSeconds(600), null);
        Incident past = configured("old", Incident.Kind.MANUAL, Status.DOWN, T0.minus(Duration.ofDays(3)),
                T0.minus(Duration.ofDays(2)));
        Incident window = configured("upgrade", Incident.Kind.MAINTENANCE, Status.MAINTENANCE, now.minusSeconds(60),
                now.plusSeconds(3600));
        Incident upcoming = configured("next", Incident.Kind.MAINTENANCE, Status.MAINTENANCE, now.plus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1)).plusSeconds(3600));
        IncidentService service = new IncidentService(clock, store, List.of(ongoing, past, window, upcoming), List.of());
        feed(service, monitor(2, 1), HealthStateMachine.unknown(T0), "FF", 0);
        Incident automatic = store.active().getFirst();

        assertEquals(List.of("next", "upgrade", "db-slow", automatic.id().value()),
                service.active().stream().map(i -> i.id().value()).toList(), "newest first; upcoming maintenance included");
        assertTrue(service.active().getFirst().isUpcomingAt(now));
        assertEquals(List.of("next", "upgrade", "db-slow", automatic.id().value(), "old"),
                service.forService(API, 10).stream().map(i -> i.id().value()).toList());
        assertEquals(List.of("upgrade"), service.forService(API, 2).stream().skip(1).map(i -> i.id().value()).toList());
        assertEquals(List.of("old"), service.between(T0.minus(Duration.ofDays(5)), T0.minus(Duration.ofDays(1)))
                .stream().map(i -> i.id().value()).toList());
        assertEquals(Optional.of(window), service.find(IncidentId.of("upgrade")));
        assertEquals(Optional.of(automatic), service.find(automatic.id()));
        assertTrue(store.find(IncidentId.of("upgrade")).isEmpty(), "configuration is their source, not the store");
    }

    @ParameterizedTest
    @CsvSource({
            "api,                                                                1795996800000, api-1795996800000",
            "a234567890123456789012345678901234567890123456789012345678901234, 1795996800000, a2345678901234567890123456789012345678901-ef6ab274-1795996800000",
    })
    void automaticIdsAreTheMonitorAndTheStartAndFitTheIdLimit(String monitor, long millis, String expected) {
        IncidentId id = IncidentService.automaticId(MonitorId.of(monitor), Instant.ofEpochMilli(millis));
        assertTrue(id.value().length() <= 64);
        assertEquals(expected, id.value());
    }

    private IncidentService service() {
        IncidentService service = new IncidentService(clock, store, List.of(), List.of(listener));
        service.restore(List.of(API));
        return service;
    }

    private static void feed(IncidentService service, Monitor monitor, HealthStateMachine machine, String checks,
                             int firstSecond) {
        for (int i = 0; i < checks.length(); i++) {
            machine.apply(monitor, sample(checks.charAt(i), T0.plusSeconds(firstSecond + i)))
                    .ifPresent(service::statusChanged);
        }
    }

    private static Monitor monitor(int failureThreshold, int successThreshold) {
        return Monitor.builder(API, "Target API", new ProbeSpec("test", ProbeSettings.empty()))
                .failureThreshold(failureThreshold).successThreshold(successThreshold)
                .degradedAbove(Duration.ofMillis(200)).build();
    }

    private static Sample sample(char check, Instant at) {
        return switch (check) {
            case 'S' -> new Sample(API, at, Duration.ofMillis(12), Outcome.SUCCESS, Optional.empty(),
                    List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (200) == 200", true)));
            case 'L' -> new Sample(API, at, Duration.ofMillis(300), Outcome.SUCCESS, Optional.empty(), List.of());
            case 'F' -> new Sample(API, at, Duration.ofMillis(12), Outcome.FAILURE, Optional.empty(),
                    List.of(new ConditionResult("[STATUS] == 200", "[STATUS] (503) == 200", false)));
            case 'E' -> new Sample(API, at, Duration.ZERO, Outcome.ERROR, Optional.of("probe pool saturated"), List.of());
            default -> throw new IllegalArgumentException("check " + check);
        };
    }

    private static StatusChange change(Monitor monitor, Status from, Status to, Instant at, String reason) {
        Sample sample = sample(to == Status.UP ? 'S' : 'F', at);
        return new StatusChange(monitor, from, to, at, sample, reason);
    }

    private static Incident configured(String id, Incident.Kind kind, Status impact, Instant start, Instant end) {
        return new Incident(IncidentId.of(id), kind, id, impact, List.of(API), start, Optional.ofNullable(end),
                List.of(new IncidentUpdate(start, IncidentState.IDENTIFIED, "noted")));
    }

    /** Records events in order. */
    private static final class RecordingListener implements IncidentListener {
        final List<IncidentEvent> events = new ArrayList<>();

        @Override
        public synchronized void incidentChanged(IncidentEvent event) {
            events.add(event);
        }

        String letters() {
            return events.stream().map(e -> e.type().name().substring(0, 1)).collect(Collectors.joining());
        }
    }

    /** A store whose database is gone. */
    private static final class BrokenStore implements IncidentStore {
        @Override
        public void save(Incident incident) {
            throw new IllegalStateException("database unreachable");
        }

        @Override
        public Optional<Incident> find(IncidentId id) {
            throw new IllegalStateException("database unreachable");
        }

        @Override
        public List<Incident> active() {
            throw new IllegalStateException("database unreachable");
        }

        @Override
        public List<Incident> between(Instant from, Instant to) {
            throw new IllegalStateException("database unreachable");
        }

        @Override
        public List<Incident> forService(MonitorId monitorId, int limit) {
            throw new IllegalStateException("database unreachable");
        }
    }
}
