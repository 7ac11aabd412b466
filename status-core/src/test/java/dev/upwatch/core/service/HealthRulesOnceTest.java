package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemoryIncidentStore;
import dev.upwatch.core.memory.InMemoryOutboxStore;
import dev.upwatch.core.memory.InMemoryRollupStore;
import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.memory.InMemoryTransitionStore;
import dev.upwatch.core.model.CommittedStatus;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.Transition;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.rule.MaintenanceCalendar;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health rules are applied in one place, {@link StatusService#checked}: one maintenance lookup excuses the sample
 * and sets MAINTENANCE, and one count of consecutive failures decides both DOWN and the scheduler's sooner retries —
 * so after a restart the retries follow the count the replayed samples left, not a count started afresh.
 */
class HealthRulesOnceTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    /** Down after 3 failures in a row; checks every minute, retries after 10 s. */
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API", new ProbeSpec("test", ProbeSettings.empty()))
            .interval(Duration.ofMinutes(1)).retryInterval(Duration.ofSeconds(10)).failureThreshold(3).build();

    private final InMemorySampleStore samples = new InMemorySampleStore();
    private final InMemoryTransitionStore transitions = new InMemoryTransitionStore(new InMemoryIncidentStore(),
            new InMemoryOutboxStore());

    private StatusService start(MaintenanceCalendar maintenance) {
        Clock clock = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        StatusService status = new StatusService(clock, samples, new InMemoryRollupStore(), maintenance,
                new TransitionJournal(transitions, List.of()), Optional.empty());
        status.track(List.of(API));
        return status;
    }

    private static Sample sample(int secondsAfterT0, Outcome outcome) {
        return new Sample(API.id(), T0.plusSeconds(secondsAfterT0), Duration.ofMillis(12), outcome,
                outcome == Outcome.FAILURE ? Optional.of("connection refused") : Optional.empty(), List.of());
    }

    @Test
    void afterARestartTheRetryFollowsTheCountTheReplayedSamplesLeft() {
        transitions.commit(Transition.baseline(new CommittedStatus(API.id(), Status.UP, T0)));
        samples.append(List.of(sample(0, Outcome.SUCCESS), sample(60, Outcome.FAILURE), sample(70, Outcome.FAILURE)));
        StatusService restarted = start(MaintenanceCalendar.NONE);
        assertEquals(Status.UP, restarted.service(API.id()).orElseThrow().status(), "two failures of three");

        CheckVerdict third = restarted.checked(API, sample(80, Outcome.FAILURE));

        // The scheduler used to count from 0 after a restart: 1 < 3, so it retried a monitor already DOWN.
        assertEquals(Status.DOWN, restarted.service(API.id()).orElseThrow().status());
        assertFalse(third.retrySooner(), "DOWN at the third failure in a row: no sooner retry");
    }

    @Test
    void aFailureBelowTheThresholdIsRetriedSoonerAndASuccessEndsIt() {
        StatusService status = start(MaintenanceCalendar.NONE);
        status.checked(API, sample(0, Outcome.SUCCESS));

        assertTrue(status.checked(API, sample(60, Outcome.FAILURE)).retrySooner());
        assertTrue(status.checked(API, sample(70, Outcome.FAILURE)).retrySooner());
        assertFalse(status.checked(API, sample(80, Outcome.ERROR)).retrySooner(), "our side could not check");
        assertFalse(status.checked(API, sample(90, Outcome.FAILURE)).retrySooner(), "third failure: DOWN");
        assertFalse(status.checked(API, sample(150, Outcome.SUCCESS)).retrySooner());
    }

    @Test
    void oneMaintenanceLookupBothExcusesTheFailureAndMakesTheMonitorMaintenance() {
        MaintenanceCalendar calendar = new MaintenanceCalendar(List.of(new MaintenanceWindow("Upgrade", Set.of(API.id()),
                Recurrence.once(T0.plusSeconds(100)), Duration.ofMinutes(10))));
        StatusService status = start(calendar);
        status.checked(API, sample(0, Outcome.SUCCESS));

        CheckVerdict inside = status.checked(API, sample(120, Outcome.FAILURE));

        assertEquals(Outcome.ERROR, inside.recorded().outcome());
        assertEquals("in maintenance (Upgrade): connection refused", inside.recorded().error().orElseThrow());
        assertFalse(inside.retrySooner());
        assertEquals(Status.MAINTENANCE, status.service(API.id()).orElseThrow().status());
        CheckVerdict after = status.checked(API, sample(800, Outcome.FAILURE));
        assertEquals(Outcome.FAILURE, after.recorded().outcome(), "after the window a failure is a failure");
        assertTrue(after.retrySooner());
    }
}
