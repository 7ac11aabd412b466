package dev.upwatch.persistence;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.LocationStatus;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.TransitionStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every {@link TransitionStore} on a real database must do: a status change, its incident and its outbox
 * messages are stored together or not at all, with a fresh, empty, migrated database per test.
 */
abstract class TransitionStoreContract extends FreshDatabaseTest {
    static final MonitorId API = MonitorId.of("api");
    static final Instant T0 = Instant.parse("2026-11-24T20:01:02.123456Z");

    private TransitionStore store;

    @BeforeEach
    void openStore() {
        store = database.transitionStore();
    }

    @Test
    void aTransitionCommitsTheStatusTheIncidentAndEveryMessage() {
        CommittedStatus down = new CommittedStatus(API, Status.DOWN, T0);
        Incident opened = incident(T0);
        List<OutboxMessage> messages = List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0),
                OutboxMessage.pending("msg_1", "chat", "service.down", "{}", T0),
                OutboxMessage.pending("msg_2", "ops", "incident.opened", "{}", T0));

        store.commit(new Transition(Optional.of(down), List.of(opened), messages));

        assertEquals(List.of(down), store.statuses());
        assertEquals(Optional.of(opened), database.incidentStore().find(opened.id()));
        assertEquals(messages.stream().map(m -> m.id() + "/" + m.channel()).sorted().toList(),
                database.outboxStore().pending().stream().map(m -> m.id() + "/" + m.channel()).sorted().toList());
    }

    @Test
    void aLaterStatusReplacesTheMonitorsEarlierOne() {
        store.commit(Transition.baseline(new CommittedStatus(API, Status.UP, T0)));
        store.commit(Transition.baseline(new CommittedStatus(MonitorId.of("web"), Status.UNKNOWN, T0)));
        CommittedStatus down = new CommittedStatus(API, Status.DOWN, T0.plusSeconds(30));
        store.commit(new Transition(Optional.of(down), List.of(), List.of()));

        assertEquals(List.of(down, new CommittedStatus(MonitorId.of("web"), Status.UNKNOWN, T0)),
                store.statuses().stream().sorted((a, b) -> a.monitor().value().compareTo(b.monitor().value())).toList());
    }

    @Test
    void theStartingStatusesOfManyMonitorsCommitTogether() {
        List<CommittedStatus> starts = java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> new CommittedStatus(MonitorId.of("m" + i), Status.UNKNOWN, T0)).toList();
        long started = System.nanoTime();
        store.commitAll(starts.stream().map(Transition::baseline).toList());
        System.out.printf("%s: 2,000 starting statuses committed in %d ms%n", getClass().getSimpleName(),
                (System.nanoTime() - started) / 1_000_000);

        assertEquals(2_000, store.statuses().size());
    }

    @Test
    void aTransitionThatFailsStoresNothingOfIt() {
        store.commit(Transition.baseline(new CommittedStatus(API, Status.UP, T0)));
        // The third message cannot be written (no database holds a timestamp that late), after the status row, the
        // incident rows and two messages were: the whole transaction is rolled back.
        var refused = new Transition(Optional.of(new CommittedStatus(API, Status.DOWN, T0.plusSeconds(30))),
                List.of(incident(T0.plusSeconds(30))),
                List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", T0),
                        OutboxMessage.pending("msg_1", "chat", "service.down", "{}", T0),
                        OutboxMessage.pending("msg_2", "ops", "incident.opened", "{}", Instant.MAX)));

        assertThrows(RuntimeException.class, () -> store.commit(refused));

        assertEquals(List.of(new CommittedStatus(API, Status.UP, T0)), store.statuses(), "the status stays");
        assertEquals(List.of(), database.incidentStore().active(), "no incident");
        assertEquals(List.of(), database.outboxStore().pending(), "no message");
    }

    @Test
    void aMessageAlreadyStoredIsLeftAsItIs() {
        var first = OutboxMessage.pending("msg_1", "ops", "service.down", "{\"first\":1}", T0);
        store.commit(new Transition(Optional.empty(), List.of(), List.of(first)));
        store.commit(new Transition(Optional.empty(), List.of(),
                List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{\"again\":1}", T0.plusSeconds(1)))));

        assertEquals(List.of(first), database.outboxStore().pending());
    }

    @Test
    void aLocationsReportIsStoredAndTheDecisionSeesEveryLocationWithTheMonitorsStatus() {
        LocationStatus fraUp = location("fra", Status.UP, T0);
        Optional<Transition> first = store.report(fraUp, standing -> {
            assertEquals(Status.UNKNOWN, standing.status(), "a monitor without a status row gets one");
            assertEquals(List.of(fraUp), standing.locations());
            return Optional.of(Transition.baseline(new CommittedStatus(API, Status.UP, T0)));
        });
        assertEquals(true, first.isPresent());

        LocationStatus nycDown = location("nyc", Status.DOWN, T0.plusSeconds(1));
        List<CommittedStatus> seen = new java.util.ArrayList<>();
        Optional<Transition> second = store.report(nycDown, standing -> {
            seen.add(standing);
            return Optional.empty();
        });

        assertEquals(Optional.empty(), second);
        assertEquals(List.of(new CommittedStatus(API, Status.UP, T0, List.of(fraUp, nycDown))), seen);
        assertEquals(List.of(new CommittedStatus(API, Status.UP, T0)), store.statuses());
        assertEquals(List.of(fraUp, nycDown), store.locationStatuses().stream()
                .sorted(java.util.Comparator.comparing(LocationStatus::location)).toList());
        LocationStatus fraDown = location("fra", Status.DOWN, T0.plusSeconds(2));
        store.report(fraDown, standing -> Optional.empty());
        assertEquals(List.of(fraDown, nycDown), store.locationStatuses().stream()
                .sorted(java.util.Comparator.comparing(LocationStatus::location)).toList(), "fra's row replaced");
    }

    @Test
    void aDecisionThatFailsStoresNotEvenTheLocationsReport() {
        store.commit(Transition.baseline(new CommittedStatus(API, Status.UP, T0)));

        assertThrows(RuntimeException.class, () -> store.report(location("fra", Status.DOWN, T0), standing ->
                Optional.of(new Transition(Optional.of(new CommittedStatus(API, Status.DOWN, T0)), List.of(),
                        List.of(OutboxMessage.pending("msg_1", "ops", "service.down", "{}", Instant.MAX))))));

        assertEquals(List.of(), store.locationStatuses());
        assertEquals(List.of(new CommittedStatus(API, Status.UP, T0)), store.statuses());
    }

    static LocationStatus location(String name, Status status, Instant at) {
        return new LocationStatus(API, Location.of(name), status, at, at, java.time.Duration.ofNanos(12_345_000),
                status == Status.UP ? "" : "[STATUS] (503) == 200");
    }

    private static Incident incident(Instant start) {
        return new Incident(IncidentId.of("api-" + start.toEpochMilli()), Incident.Kind.AUTOMATIC, "API is down",
                Status.DOWN, List.of(API), start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), Optional.empty(),
                List.of(new IncidentUpdate(start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                        IncidentState.INVESTIGATING, "Down: [STATUS] (503) == 200")));
    }
}
