package dev.upwatch.core.service;

import dev.upwatch.core.memory.InMemorySampleStore;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Today's counts and every uptime window hold each check as soon as it is recorded, not only after the next history
 * refresh (issue #17), and never twice: a flush, a refresh and a failed write each leave every check counted once.
 */
class LiveCountsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final Monitor API = Monitor.builder(MonitorId.of("api"), "API",
            new ProbeSpec("test", ProbeSettings.empty())).failureThreshold(2).successThreshold(2).degradedAbove(Duration.ofMillis(300)).build();

    private final FlakyRollupStore rollups = new FlakyRollupStore();
    private final StatusService status = new StatusService(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC),
            new InMemorySampleStore(), rollups);

    private void check(int second, Outcome outcome, long millis) {
        status.checked(API, new Sample(API.id(), T0.plusSeconds(second), Duration.ofMillis(millis), outcome,
                outcome == Outcome.SUCCESS ? Optional.empty() : Optional.of("refused"), List.of()));
    }

    private CheckCounts today() {
        ServiceStatus service = status.service(API.id()).orElseThrow();
        return service.dailyCounts().stream().filter(d -> d.day().equals(TODAY)).map(DailyCounts::counts)
                .findFirst().orElse(CheckCounts.NONE);
    }

    private void assertCounted(long successes, long failures, String when) {
        ServiceStatus service = status.service(API.id()).orElseThrow();
        assertEquals(new CheckCounts(successes, failures, 0), today(), "today, " + when);
        for (UptimeWindow window : UptimeWindow.values()) {
            assertEquals(new CheckCounts(successes, failures, 0), service.windowCounts().get(window), window + ", " + when);
        }
    }

    @Test
    void everyCheckCountsAtOnceAndOnceOnly() {
        status.track(List.of(API));
        status.refreshHistory();
        check(0, Outcome.SUCCESS, 10);
        check(10, Outcome.FAILURE, 10);
        assertCounted(1, 1, "before any flush or refresh");

        status.flushRollups();
        check(20, Outcome.FAILURE, 10);
        assertCounted(1, 2, "after a flush, before the refresh");

        status.refreshHistory();
        assertCounted(1, 2, "after the refresh");
        check(30, Outcome.SUCCESS, 10);
        assertCounted(2, 2, "a check after the refresh");

        rollups.broken.set(true);
        assertThrows(IllegalStateException.class, status::flushRollups);
        check(40, Outcome.SUCCESS, 10);
        status.refreshHistory(); // its write fails too: the figures read lack the unwritten checks, the entry keeps them
        assertCounted(3, 2, "while the store refuses writes");

        rollups.broken.set(false);
        status.refreshHistory();
        assertCounted(3, 2, "once the store took them");
    }

    @Test
    void aDegradedServiceSaysWhy() {
        status.track(List.of(API));
        check(0, Outcome.SUCCESS, 622);
        ServiceStatus slow = status.service(API.id()).orElseThrow();
        assertEquals(Status.DEGRADED, slow.status());
        assertEquals(Optional.of("response time 622 ms above 300ms"), slow.reason());

        check(10, Outcome.FAILURE, 10);
        assertEquals(Optional.of("refused"), status.service(API.id()).orElseThrow().reason(), "a failed check says its own");
        check(20, Outcome.SUCCESS, 12);
        assertEquals(Optional.of("recovering: response time 12 ms is within 300ms again"),
                status.service(API.id()).orElseThrow().reason());
    }
}
