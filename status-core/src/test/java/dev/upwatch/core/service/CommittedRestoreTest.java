package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.TransitionStore;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.MaintenanceCalendar;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A status change is committed with its consequences before anyone hears of it, and a restart restores each monitor
 * from its last committed status: the stored samples after it are judged again, so a change the process decided but
 * never committed (it died first) is committed and notified at the restart, never swallowed by the replay; a
 * committed change is restored without notifying again.
 */
class CommittedRestoreTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("test", ProbeSettings.empty()))
            .failureThreshold(1).build();

    private final InMemorySampleStore samples = new InMemorySampleStore();
    private final InMemoryIncidentStore incidentStore = new InMemoryIncidentStore();
    private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    private final InMemoryTransitionStore transitions = new InMemoryTransitionStore(incidentStore, outbox);
    private final RecordingPlanner planner = new RecordingPlanner();
    private final List<StatusChange> heard = new CopyOnWriteArrayList<>();

    /** A process starting on the stores: its incident service and status service, tracking {@link #API}. */
    private StatusService start(TransitionStore store) {
        TransitionJournal journal = new TransitionJournal(store, List.of(planner));
        Clock clock = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        IncidentService incidents = new IncidentService(clock, incidentStore, List.of(), List.of(), journal);
        incidents.restore(List.of(API.id()));
        StatusService status = new StatusService(clock, samples, new InMemoryRollupStore(), MaintenanceCalendar.NONE,
                journal, Optional.of(incidents));
        status.addNotifier(heard::add);
        status.track(List.of(API));
        return status;
    }

    private static Sample sample(int secondsAfterT0, Outcome outcome) {
        return new Sample(API.id(), T0.plusSeconds(secondsAfterT0), Duration.ofMillis(12), outcome,
                outcome == Outcome.FAILURE ? Optional.of("connection refused") : Optional.empty(), List.of());
    }

    @Test
    void aDownDecidedButNeverCommittedIsCommittedAndNotifiedAtTheRestart() {
        transitions.commit(Transition.baseline(new CommittedStatus(API.id(), Status.UP, T0)));
        samples.append(List.of(sample(0, Outcome.SUCCESS), sample(30, Outcome.FAILURE), sample(60, Outcome.FAILURE)));

        StatusService restarted = start(transitions);

        assertEquals(Status.DOWN, restarted.service(API.id()).orElseThrow().status());
        assertEquals(List.of(new CommittedStatus(API.id(), Status.DOWN, T0.plusSeconds(30))), transitions.statuses());
        assertEquals(List.of("up->down"), heard.stream().map(c -> c.previous().wireName() + "->" + c.current().wireName()).toList());
        assertEquals(1, planner.changes.size(), "one change planned");
        assertEquals(List.of(IncidentEvent.Type.OPENED), planner.incidentEvents.stream().map(IncidentEvent::type).toList());
        assertEquals(1, incidentStore.active().size(), "the incident is committed with it");
        assertEquals(List.of("incident.opened", "service.down"),
                outbox.pending().stream().map(OutboxMessage::eventType).sorted().toList(), "and its messages, in the same commit");
        assertEquals(List.of(true), planner.durable, "handed over for delivery only after the commit");
    }

    /**
     * Two nodes of a cluster on one store: b adopts the DOWN a committed (as its status feed tells it), then takes the
     * monitor over when a dies. Without adopting, b would still hold UP and decide, commit and notify a second DOWN
     * with a second incident at its first failed check.
     */
    @Test
    void aNodeThatAdoptedAnotherNodesDownTakesTheMonitorOverWithoutASecondDownOrIncident() {
        StatusService a = start(transitions);
        StatusService b = start(transitions);
        a.checked(API, sample(0, Outcome.SUCCESS));
        a.checked(API, sample(30, Outcome.FAILURE));
        assertEquals(1, incidentStore.active().size(), "a opened the incident");
        planner.clear();
        heard.clear();

        assertEquals(List.of(API.id()), b.adopt(transitions.statuses()));
        assertEquals(Status.DOWN, b.service(API.id()).orElseThrow().status(), "b shows what a committed");
        assertEquals(T0.plusSeconds(30), b.service(API.id()).orElseThrow().since());
        assertEquals(List.of(), b.adopt(transitions.statuses()), "the same status again changes nothing");

        b.checked(API, sample(60, Outcome.FAILURE)); // a died; b checks the monitor now
        assertEquals(List.of(), planner.changes, "no second DOWN");
        assertEquals(List.of(), heard);
        b.checked(API, sample(90, Outcome.SUCCESS));
        assertEquals(List.of("down->up"), heard.stream().map(c -> c.previous().wireName() + "->" + c.current().wireName()).toList());
        assertEquals(List.of(IncidentEvent.Type.RESOLVED), planner.incidentEvents.stream().map(IncidentEvent::type).toList(),
                "b resolves the incident a opened");
        assertEquals(List.of(), incidentStore.active());
    }

    @Test
    void aCommittedDownIsRestoredWithoutNotifyingAgain() {
        transitions.commit(Transition.baseline(new CommittedStatus(API.id(), Status.DOWN, T0.plusSeconds(30))));
        samples.append(List.of(sample(0, Outcome.SUCCESS), sample(30, Outcome.FAILURE), sample(60, Outcome.FAILURE)));

        StatusService restarted = start(transitions);

        assertEquals(Status.DOWN, restarted.service(API.id()).orElseThrow().status());
        assertEquals(T0.plusSeconds(30), restarted.service(API.id()).orElseThrow().since());
        assertEquals(List.of(), heard);
        assertEquals(List.of(), planner.changes);
        assertEquals(3, restarted.service(API.id()).orElseThrow().recentResponseTimes().size(),
                "samples before the committed status still fill the sparkline");
    }

    @Test
    void aRecoveryNeverCommittedIsNotifiedAtTheRestartAndClosesTheIncident() {
        StatusService first = start(transitions);
        first.checked(API, sample(0, Outcome.SUCCESS));
        first.checked(API, sample(30, Outcome.FAILURE));
        samples.append(List.of(sample(0, Outcome.SUCCESS), sample(30, Outcome.FAILURE), sample(60, Outcome.SUCCESS)));
        planner.clear();
        heard.clear();

        start(transitions); // the process died after storing the passing check at 60 s, before committing its UP

        assertEquals(List.of("down->up"), heard.stream().map(c -> c.previous().wireName() + "->" + c.current().wireName()).toList());
        assertEquals(List.of(IncidentEvent.Type.RESOLVED), planner.incidentEvents.stream().map(IncidentEvent::type).toList());
        assertEquals(List.of(), incidentStore.active());
    }

    @Test
    void aMonitorWithoutACommittedStatusIsReplayedSilentlyAndThatStatusIsCommittedAsItsStart() {
        samples.append(List.of(sample(0, Outcome.SUCCESS), sample(30, Outcome.FAILURE)));

        StatusService upgraded = start(transitions);

        assertEquals(Status.DOWN, upgraded.service(API.id()).orElseThrow().status(), "restored as before the journal");
        assertEquals(List.of(), heard, "without notifications");
        assertEquals(List.of(new CommittedStatus(API.id(), Status.DOWN, T0.plusSeconds(30))), transitions.statuses());
    }

    @Test
    void aNewMonitorStartsFromACommittedUnknownSoItsFirstVerdictIsAnOrdinaryChange() {
        StatusService fresh = start(transitions);
        assertEquals(List.of(Status.UNKNOWN), transitions.statuses().stream().map(CommittedStatus::status).toList());

        fresh.checked(API, sample(0, Outcome.FAILURE));

        assertEquals(List.of(new CommittedStatus(API.id(), Status.DOWN, T0)), transitions.statuses());
        assertEquals(1, planner.changes.size());
    }

    @Test
    void notifiersHearOfAChangeOnlyOnceItIsCommitted() {
        StatusService status = start(transitions);
        List<Status> committedWhenHeard = new ArrayList<>();
        status.addNotifier(new Notifier() {
            @Override
            public void statusChanged(StatusChange change) {
                committedWhenHeard.add(transitions.statuses().getFirst().status());
            }
        });

        status.checked(API, sample(0, Outcome.SUCCESS));
        status.checked(API, sample(30, Outcome.FAILURE));

        assertEquals(List.of(Status.UP, Status.DOWN), committedWhenHeard);
    }

    @Test
    void theNewStatusShowsOnlyOnceItIsCommittedSoWhoeverSeesItSeesItsIncident() {
        java.util.concurrent.atomic.AtomicReference<StatusService> status = new java.util.concurrent.atomic.AtomicReference<>();
        List<Status> shownWhileCommitting = new ArrayList<>();
        TransitionStore watching = new TransitionStore() {
            @Override
            public void commit(Transition transition) {
                if (status.get() != null) {
                    shownWhileCommitting.add(status.get().service(API.id()).orElseThrow().status());
                }
                transitions.commit(transition);
            }

            @Override
            public List<CommittedStatus> statuses() {
                return transitions.statuses();
            }
        };
        status.set(start(watching));

        status.get().checked(API, sample(0, Outcome.SUCCESS));
        status.get().checked(API, sample(30, Outcome.FAILURE));

        assertEquals(List.of(Status.UNKNOWN, Status.UP), shownWhileCommitting);
        assertEquals(Status.DOWN, status.get().service(API.id()).orElseThrow().status());
    }

    @Test
    void whenTheCommitFailsTheChangeStillHappensAndItsMessagesGoOutWithoutADurableRecord() {
        TransitionStore failing = new TransitionStore() {
            @Override
            public void commit(Transition transition) {
                throw new IllegalStateException("database unreachable");
            }

            @Override
            public List<CommittedStatus> statuses() {
                return List.of();
            }
        };
        StatusService status = start(failing);

        status.checked(API, sample(0, Outcome.SUCCESS));
        status.checked(API, sample(30, Outcome.FAILURE));

        assertEquals(Status.DOWN, status.service(API.id()).orElseThrow().status());
        assertEquals(List.of(false), planner.durable, "the DOWN's messages handed over, marked as not stored");
        assertTrue(heard.stream().anyMatch(c -> c.current() == Status.DOWN));
    }

    /** Plans one message per change and incident event, and records what it is told. */
    private static final class RecordingPlanner implements NotificationPlanner {
        final List<StatusChange> changes = new CopyOnWriteArrayList<>();
        final List<IncidentEvent> incidentEvents = new CopyOnWriteArrayList<>();
        final List<Boolean> durable = new CopyOnWriteArrayList<>();

        @Override
        public List<OutboxMessage> plan(Optional<StatusChange> change, List<IncidentEvent> events) {
            List<OutboxMessage> messages = new ArrayList<>();
            change.ifPresent(c -> {
                changes.add(c);
                if (c.current() == Status.DOWN) {
                    messages.add(OutboxMessage.pending("msg_" + c.at().getEpochSecond(), "ops", "service.down", "{}", c.at()));
                }
            });
            for (IncidentEvent event : events) {
                incidentEvents.add(event);
                messages.add(OutboxMessage.pending("msg_i" + incidentEvents.size(), "ops", event.type().wireName(), "{}", T0));
            }
            return messages;
        }

        @Override
        public void committed(List<OutboxMessage> messages, boolean stored) {
            if (!messages.isEmpty()) {
                durable.add(stored);
            }
        }

        @Override
        public void discarded(List<OutboxMessage> messages) {
        }

        void clear() {
            changes.clear();
            incidentEvents.clear();
            durable.clear();
        }
    }
}
