package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The snapshot is built once per change: the same object until a check or the monitor list changes it. */
class StatusSnapshotCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-24T20:00:00Z");
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
            new ProbeSpec("test", ProbeSettings.empty())).failureThreshold(1).build();
    private static final Monitor DB = Monitor.builder(MonitorId.of("db"), "DB",
            new ProbeSpec("test", ProbeSettings.empty())).visibility(Visibility.PRIVATE).build();

    @Test
    void aSnapshotIsReusedUntilACheckOrTheMonitorListChangesIt() {
        StatusService status = new StatusService(Clock.fixed(T0, ZoneOffset.UTC), new InMemorySampleStore());
        status.track(List.of(API));
        StatusSnapshot first = status.snapshot();
        assertSame(first, status.snapshot(), "nothing changed");

        status.checked(API, new Sample(API.id(), T0, Duration.ofMillis(5), Outcome.FAILURE, Optional.of("refused"), List.of()));
        StatusSnapshot afterCheck = status.snapshot();
        assertNotSame(first, afterCheck);
        assertEquals(Status.DOWN, afterCheck.services().getFirst().status());
        assertSame(afterCheck, status.snapshot());

        status.track(List.of(API, DB));
        assertEquals(List.of(API.id(), DB.id()),
                status.snapshot().services().stream().map(s -> s.monitor().id()).toList(), "a new monitor shows at once");
        status.track(List.of(DB));
        assertEquals(List.of(DB.id()), status.snapshot().services().stream().map(s -> s.monitor().id()).toList());
    }

    @Test
    void thePublicViewIsFilteredOncePerSnapshot() {
        StatusService status = new StatusService(Clock.fixed(T0, ZoneOffset.UTC), new InMemorySampleStore());
        status.track(List.of(API, DB));
        PublicStatusQuery visible = new PublicStatusQuery(status);
        StatusSnapshot first = visible.snapshot();
        assertEquals(List.of(API.id()), first.services().stream().map(s -> s.monitor().id()).toList());
        assertSame(first, visible.snapshot());

        status.checked(API, new Sample(API.id(), T0, Duration.ofMillis(5), Outcome.FAILURE, Optional.of("refused"), List.of()));
        StatusSnapshot changed = visible.snapshot();
        assertNotSame(first, changed);
        assertEquals(Status.DOWN, changed.overall());
    }
}
