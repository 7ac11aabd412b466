package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link StatusService} tells every notifier of every completed check, not only of status changes. */
class StatusServiceNotifierTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
            new ProbeSpec("test", ProbeSettings.empty())).build();

    /** Records what it hears; optionally throws from {@link #checked} first. */
    private static final class RecordingNotifier implements Notifier {
        final List<Sample> checked = new CopyOnWriteArrayList<>();
        final List<StatusChange> changes = new CopyOnWriteArrayList<>();
        final boolean broken;

        RecordingNotifier(boolean broken) {
            this.broken = broken;
        }

        @Override
        public void statusChanged(StatusChange change) {
            changes.add(change);
        }

        @Override
        public void checked(Monitor monitor, Sample sample) {
            if (broken) {
                throw new IllegalStateException("boom");
            }
            checked.add(sample);
        }
    }

    @Test
    void everyNotifierHearsEveryCheckEvenWhenAnotherThrows() {
        StatusService status = new StatusService(Clock.fixed(T0, ZoneOffset.UTC), new InMemorySampleStore());
        status.track(List.of(API));
        RecordingNotifier broken = new RecordingNotifier(true);
        RecordingNotifier recording = new RecordingNotifier(false);
        status.addNotifier(broken);
        status.addNotifier(recording);

        List<Sample> samples = List.of(
                new Sample(API.id(), T0, Duration.ofMillis(5), Outcome.SUCCESS, Optional.empty(), List.of(),
                        Optional.of(T0.plus(Duration.ofDays(5)))),
                new Sample(API.id(), T0.plusSeconds(30), Duration.ofMillis(5), Outcome.SUCCESS, Optional.empty(), List.of()),
                new Sample(API.id(), T0.plusSeconds(60), Duration.ofMillis(5), Outcome.SUCCESS, Optional.empty(), List.of()));
        samples.forEach(sample -> status.checked(API, sample));

        assertEquals(samples, recording.checked, "every sample, in order, with its certificate expiry");
        assertEquals(1, broken.changes.size(), "a throwing checked() does not stop its status changes");
    }

    @Test
    void insideAMaintenanceWindowFailuresAreNotDownAndNotAnnounced() {
        dev.upwatch.core.rule.MaintenanceCalendar calendar = new dev.upwatch.core.rule.MaintenanceCalendar(List.of(
                new dev.upwatch.core.model.MaintenanceWindow("Upgrade", java.util.Set.of(API.id()),
                        dev.upwatch.core.model.Recurrence.once(T0.plusSeconds(60)), Duration.ofMinutes(10))));
        StatusService status = new StatusService(Clock.fixed(T0, ZoneOffset.UTC), new InMemorySampleStore(), calendar);
        status.track(List.of(API));
        RecordingNotifier recording = new RecordingNotifier(false);
        status.addNotifier(recording);

        status.checked(API, new Sample(API.id(), T0, Duration.ofMillis(5), Outcome.SUCCESS, Optional.empty(), List.of()));
        for (int i = 1; i <= 5; i++) {
            Sample failed = new Sample(API.id(), T0.plusSeconds(60L * i), Duration.ofMillis(5), Outcome.FAILURE,
                    Optional.of("connection refused"), List.of());
            status.checked(API, calendar.excuse(API, failed));
        }
        assertEquals(dev.upwatch.core.model.Status.MAINTENANCE, status.service(API.id()).orElseThrow().status());
        assertEquals(List.of(dev.upwatch.core.model.Status.UP, dev.upwatch.core.model.Status.MAINTENANCE),
                recording.changes.stream().map(StatusChange::current).toList(), "never DOWN inside the window");
        assertEquals(dev.upwatch.core.model.Outcome.ERROR, recording.checked.getLast().outcome(),
                "failures inside the window are recorded as errors, neither up nor down");

        status.checked(API, new Sample(API.id(), T0.plusSeconds(60 * 11), Duration.ofMillis(5), Outcome.SUCCESS,
                Optional.empty(), List.of()));
        assertEquals(dev.upwatch.core.model.Status.UP, status.service(API.id()).orElseThrow().status());
    }
}
