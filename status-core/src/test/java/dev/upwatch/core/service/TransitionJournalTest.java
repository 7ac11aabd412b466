package dev.upwatch.core.service;

import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentEvent;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.OutboxMessage;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.TransitionStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the journal tells its planners around a commit that fails. */
class TransitionJournalTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private static final IncidentEvent WRITTEN = new IncidentEvent(IncidentEvent.Type.OPENED, new Incident(
            IncidentId.of("db-failover"), Incident.Kind.MANUAL, "Database failover", Status.DEGRADED,
            List.of(MonitorId.of("api")), T0, Optional.empty(), List.of()));

    private final List<String> told = new ArrayList<>();
    private final NotificationPlanner planner = new NotificationPlanner() {
        @Override
        public List<OutboxMessage> plan(Optional<StatusChange> change, List<IncidentEvent> events) {
            return List.of(OutboxMessage.pending("msg_1", "ops", "incident.opened", "{}", T0));
        }

        @Override
        public void committed(List<OutboxMessage> messages, boolean durable) {
            told.add((durable ? "committed " : "unstored ") + messages.size());
        }

        @Override
        public void discarded(List<OutboxMessage> messages) {
            told.add("discarded " + messages.size());
        }
    };
    private final TransitionStore failing = new TransitionStore() {
        @Override
        public void commit(Transition transition) {
            throw new IllegalStateException("database unreachable");
        }

        @Override
        public List<CommittedStatus> statuses() {
            throw new IllegalStateException("database unreachable");
        }
    };

    @Test
    void aWrittenIncidentThatCannotBeStoredIsRefusedAndItsMessagesDiscarded() {
        TransitionJournal journal = new TransitionJournal(failing, List.of(planner));

        assertThrows(IllegalStateException.class, () -> journal.recordOrFail(WRITTEN));

        assertEquals(List.of("discarded 1"), told, "nothing sent for a write the caller is told failed");
    }

    @Test
    void incidentEventsOfARestartThatCannotBeStoredStillGoOut() {
        TransitionJournal journal = new TransitionJournal(failing, List.of(planner));

        assertEquals(false, journal.record(List.of(WRITTEN)));

        assertEquals(List.of("unstored 1"), told);
    }

    @Test
    void unreadableCommittedStatusesRestoreFromSamples() {
        assertEquals(java.util.Map.of(), new TransitionJournal(failing, List.of(planner)).committed());
    }
}
