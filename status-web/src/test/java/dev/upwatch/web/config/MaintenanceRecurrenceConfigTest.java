package dev.upwatch.web.config;

import com.google.inject.Guice;
import dev.upwatch.calendar.Recurrences;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.port.RecurrenceParser;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.guice.CalendarModule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The {@code rrule} and {@code cron} of maintenance windows are read through the RecurrenceParser port. */
class MaintenanceRecurrenceConfigTest {
    private static final String MONITORS = """
            monitors:
              - { id: db, type: tcp, host: h, port: 2 }
            """;

    @Test
    void theReaderAsksTheParserItIsGiven() {
        List<String> asked = new ArrayList<>();
        RecurrenceParser recording = new RecurrenceParser() {
            @Override
            public Recurrence rrule(String text, LocalDateTime dtstart, ZoneId zone) {
                asked.add("rrule " + text + " from " + dtstart + " " + zone);
                return Recurrences.parser().rrule(text, dtstart, zone);
            }

            @Override
            public Recurrence cron(String expression, ZoneId zone) {
                asked.add("cron " + expression + " " + zone);
                return Recurrences.parser().cron(expression, zone);
            }
        };
        ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), recording, Map.of());
        loader.parse(MONITORS + """
                maintenance:
                  - { title: Vacuum, rrule: FREQ=WEEKLY;BYDAY=SU, start: 2026-11-01T02:00, duration: 2h, timezone: Europe/Berlin }
                  - { title: Backups, cron: "45 23 * * *", duration: 30m }
                """, "upwatch.yml", Path.of("/etc/upwatch"));
        assertEquals(List.of("rrule FREQ=WEEKLY;BYDAY=SU from 2026-11-01T02:00 Europe/Berlin", "cron 45 23 * * * Z"), asked);
    }

    @Test
    void guiceBindsTheLibraryParser() {
        assertSame(Recurrences.parser(), Guice.createInjector(new CalendarModule()).getInstance(RecurrenceParser.class));
    }

    /** BYSETPOS, EXDATE lines and Quartz cron, which the hand-written subsets refused, from the file. */
    @Test
    void windowsTakeWhatTheLibrariesRead() {
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of()).parse(MONITORS + """
                maintenance:
                  - title: Patch window
                    rrule: FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1
                    start: 2026-11-01T22:00
                    duration: 2h
                    timezone: Europe/Berlin
                  - title: Weekly vacuum, not at Christmas
                    rrule: |
                      FREQ=WEEKLY;BYDAY=SU
                      EXDATE:20261227T020000
                    start: 2026-11-01T02:00
                    duration: 2h
                    timezone: Europe/Berlin
                  - title: First Sunday
                    cron: "0 0 3 ? * SUN#1"
                    duration: 1h
                    timezone: Europe/Berlin
                """, "upwatch.yml", Path.of("/etc/upwatch"));
        List<MaintenanceWindow> windows = config.maintenance();
        Instant after = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(Optional.of(Instant.parse("2026-12-31T21:00:00Z")), next(windows.get(0), after), "last weekday of December");
        assertEquals(Optional.of(Instant.parse("2027-01-03T01:00:00Z")), next(windows.get(1),
                Instant.parse("2026-12-21T00:00:00Z")), "the 27th is taken out");
        assertEquals("FREQ=WEEKLY;BYDAY=SU\nEXDATE:20261227T020000", windows.get(1).starts().text());
        assertEquals(Optional.of(Instant.parse("2026-12-06T02:00:00Z")), next(windows.get(2), after));
    }

    private static Optional<Instant> next(MaintenanceWindow window, Instant after) {
        return window.nextAfter(after, Duration.ofDays(60)).map(MaintenanceWindow.Occurrence::start);
    }
}
