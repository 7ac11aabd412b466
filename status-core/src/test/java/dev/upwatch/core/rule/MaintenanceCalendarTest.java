package dev.upwatch.core.rule;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MaintenanceCalendarTest {
    private static final MonitorId API = MonitorId.of("api");
    private static final MonitorId DB = MonitorId.of("db");
    /** Sundays 02:00-04:00 Berlin time (01:00 UTC in winter) for the database; a one-off for the API. */
    private static final MaintenanceWindow WEEKLY = new MaintenanceWindow("Weekly vacuum", Set.of(DB),
            new EveryPeriod(Instant.parse("2026-11-01T01:00:00Z"), Duration.ofDays(7)), Duration.ofHours(2));
    private static final MaintenanceWindow ONE_OFF = new MaintenanceWindow("API migration", Set.of(API),
            Recurrence.once(Instant.parse("2026-12-01T22:00:00Z")), Duration.ofMinutes(90));
    private static final MaintenanceWindow NIGHTLY = new MaintenanceWindow("Backups", Set.of(API, DB),
            new EveryPeriod(Instant.parse("2026-11-01T23:45:00Z"), Duration.ofDays(1)), Duration.ofMinutes(30));
    private static final MaintenanceCalendar CALENDAR = new MaintenanceCalendar(List.of(WEEKLY, ONE_OFF, NIGHTLY));

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            // monitor, at, open window (or none); the window is [start, start + duration)
            "db,  2026-11-29T00:59:59Z, none",
            "db,  2026-11-29T01:00:00Z, Weekly vacuum",
            "db,  2026-11-29T02:59:59Z, Weekly vacuum",
            "db,  2026-11-29T03:00:00Z, none",
            "api, 2026-11-29T01:30:00Z, none",
            "api, 2026-12-01T21:59:59Z, none",
            "api, 2026-12-01T22:00:00Z, API migration",
            "api, 2026-12-01T23:29:59Z, API migration",
            "api, 2026-12-01T23:30:00Z, none",
            // crossing midnight
            "api, 2026-11-29T23:50:00Z, Backups",
            "db,  2026-11-30T00:14:59Z, Backups",
            "db,  2026-11-30T00:15:00Z, none",
    })
    void openWindows(String monitor, String at, String title) {
        assertEquals(title.equals("none") ? Optional.empty() : Optional.of(title),
                CALENDAR.openFor(MonitorId.of(monitor), Instant.parse(at)).map(open -> open.window().title()));
    }

    @Test
    void replacedWindowsAreInForceAtOnceAndTheSharedEmptyCalendarCannotChange() {
        MaintenanceCalendar calendar = new MaintenanceCalendar(List.of());
        Instant inVacuum = Instant.parse("2026-11-29T01:30:00Z");
        assertEquals(Optional.empty(), calendar.openFor(DB, inVacuum));
        calendar.replaceWindows(List.of(WEEKLY));
        assertEquals(Optional.of("Weekly vacuum"), calendar.openFor(DB, inVacuum).map(open -> open.window().title()));
        assertEquals(List.of(WEEKLY), calendar.windows());
        calendar.replaceWindows(List.of());
        assertEquals(Optional.empty(), calendar.openFor(DB, inVacuum));
        assertThrows(UnsupportedOperationException.class, () -> MaintenanceCalendar.NONE.replaceWindows(List.of(WEEKLY)));
    }

    @Test
    void currentAndUpcomingListsEachWindowOnceInStartOrder() {
        Instant now = Instant.parse("2026-11-29T01:30:00Z");
        List<MaintenanceWindow.Occurrence> list = CALENDAR.currentAndUpcoming(now, Duration.ofDays(7));
        assertEquals(List.of(
                new MaintenanceWindow.Occurrence(WEEKLY, Instant.parse("2026-11-29T01:00:00Z"), Instant.parse("2026-11-29T03:00:00Z")),
                new MaintenanceWindow.Occurrence(NIGHTLY, Instant.parse("2026-11-29T23:45:00Z"), Instant.parse("2026-11-30T00:15:00Z")),
                new MaintenanceWindow.Occurrence(ONE_OFF, Instant.parse("2026-12-01T22:00:00Z"), Instant.parse("2026-12-01T23:30:00Z"))),
                list);
        assertEquals(2, CALENDAR.currentAndUpcoming(now, Duration.ofDays(1)).size(), "the one-off is beyond a day");
    }

    @Test
    void failuresInsideAWindowAreRecordedAsErrorsNamingIt() {
        Monitor db = Monitor.builder(DB, "DB", new ProbeSpec("tcp", ProbeSettings.empty())).build();
        Instant inside = Instant.parse("2026-11-29T01:30:00Z");
        Sample failed = new Sample(DB, inside, Duration.ofMillis(3), Outcome.FAILURE, Optional.of("connection refused"), List.of());
        Sample excused = CALENDAR.excuse(db, failed);
        assertEquals(Outcome.ERROR, excused.outcome());
        assertEquals(Optional.of("in maintenance (Weekly vacuum): connection refused"), excused.error());
        assertEquals(failed.startedAt(), excused.startedAt());

        Sample passed = new Sample(DB, inside, Duration.ofMillis(3), Outcome.SUCCESS, Optional.empty(), List.of());
        assertSame(passed, CALENDAR.excuse(db, passed), "a pass inside a window counts as up");
        Sample outside = new Sample(DB, inside.plus(Duration.ofHours(3)), Duration.ofMillis(3), Outcome.FAILURE,
                Optional.of("connection refused"), List.of());
        assertSame(outside, CALENDAR.excuse(db, outside));
    }

    @Test
    void aWindowNeedsATitleMonitorsAndAPositiveDuration() {
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow("t", Set.of(),
                Recurrence.once(Instant.EPOCH), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow(" ", Set.of(API),
                Recurrence.once(Instant.EPOCH), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new MaintenanceWindow("t", Set.of(API),
                Recurrence.once(Instant.EPOCH), Duration.ZERO));
    }
}
