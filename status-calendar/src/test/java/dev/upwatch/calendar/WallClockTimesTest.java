package dev.upwatch.calendar;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.port.RecurrenceParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules the hand-written subsets got right and the library-backed recurrences keep: starts are wall-clock times
 * (a time a daylight-saving gap skips starts later by the gap, a repeated one once at the earlier offset), for RRULEs,
 * crontab and Quartz alike; queries take bounded ranges, the latest start in {@code [from, to]} and the first in
 * {@code (after, until]}.
 */
class WallClockTimesTest {
    private static final RecurrenceParser PARSER = Recurrences.parser();
    private static final Duration DAY = Duration.ofDays(1);

    /** Each recurrence starts at 02:30 (or 02:15) local time daily; the first start after the instant given. */
    @ParameterizedTest(name = "{0} {1} after {2}")
    @CsvSource(delimiter = '|', value = {
            // recurrence                       | zone               | after                | first start
            // Berlin skips 02:00-03:00 on 2026-03-29: 02:30 is 03:30 CEST, 01:30 UTC
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30    | Europe/Berlin      | 2026-03-28T12:00:00Z | 2026-03-29T01:30:00Z",
            "30 2 * * *                         | Europe/Berlin      | 2026-03-28T12:00:00Z | 2026-03-29T01:30:00Z",
            "0 30 2 * * ?                       | Europe/Berlin      | 2026-03-28T12:00:00Z | 2026-03-29T01:30:00Z",
            // Berlin repeats 02:00-03:00 on 2026-10-25: 02:30 starts once, at CEST (00:30 UTC), not again at 01:30 UTC
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30    | Europe/Berlin      | 2026-10-24T12:00:00Z | 2026-10-25T00:30:00Z",
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30    | Europe/Berlin      | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
            "30 2 * * *                         | Europe/Berlin      | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
            "0 30 2 * * ?                       | Europe/Berlin      | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
            // Lord Howe Island moves by 30 minutes: 02:15 on 2026-10-04 is skipped, it starts at 02:45 (+11:00)
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=15    | Australia/Lord_Howe | 2026-10-03T12:00:00Z | 2026-10-03T15:45:00Z",
            "15 2 * * *                         | Australia/Lord_Howe | 2026-10-03T12:00:00Z | 2026-10-03T15:45:00Z",
            // and repeats 01:30-02:00 on 2027-04-04: 01:45 starts once, at +11:00
            "FREQ=DAILY;BYHOUR=1;BYMINUTE=45    | Australia/Lord_Howe | 2027-04-03T12:00:00Z | 2027-04-03T14:45:00Z",
            "45 1 * * *                         | Australia/Lord_Howe | 2027-04-03T14:45:00Z | 2027-04-04T15:15:00Z",
    })
    void daylightSavingGapsMoveStartsForwardAndOverlapsStartOnce(String text, String zone, String after, String first) {
        Recurrence recurrence = parse(text, "2026-01-01T00:00", zone);
        Instant t = Instant.parse(after);
        assertEquals(Optional.of(Instant.parse(first)), recurrence.firstStartAfter(t, t.plus(Duration.ofDays(30))));
        assertEquals(Optional.of(Instant.parse(first)), recurrence.lastStartBetween(Instant.parse(first).minus(DAY),
                Instant.parse(first)), "the same start is the latest one at its instant");
    }

    /**
     * Starts at 02:30 (skipped, so 01:30 UTC), 03:00 (01:00 UTC) and 03:15 (01:15 UTC) on the night Berlin skips an
     * hour: local order is not instant order, and the answers go by instant (the cron subset answered 01:15 here).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,15,30",
            "0,15,30 2,3 * * *",
    })
    void inAGapTheLatestAndFirstStartsGoByInstant(String text) {
        Recurrence recurrence = parse(text, "2026-03-01T00:00", "Europe/Berlin");
        assertEquals(Optional.of(Instant.parse("2026-03-29T01:30:00Z")), recurrence.lastStartBetween(
                Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T01:40:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-03-29T01:15:00Z")), recurrence.lastStartBetween(
                Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T01:20:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-03-29T01:00:00Z")), recurrence.firstStartAfter(
                Instant.parse("2026-03-28T23:00:00Z"), Instant.parse("2026-03-30T00:00:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-03-29T01:30:00Z")), recurrence.firstStartAfter(
                Instant.parse("2026-03-29T01:15:00Z"), Instant.parse("2026-03-30T00:00:00Z")));
    }

    /** Ranges are bounded and inclusive where the port says: [from, to] and (after, until]. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "FREQ=DAILY;BYHOUR=2",
            "FREQ=DAILY;BYHOUR=2;COUNT=400",
            "0 2 * * *",
            "0 0 2 * * ?",
    })
    void rangesAreBoundedAndInclusiveWhereThePortSays(String text) {
        Recurrence recurrence = parse(text, "2026-01-01T02:00", "UTC");
        Instant start = Instant.parse("2026-06-10T02:00:00Z");
        Instant previous = start.minus(DAY);
        assertEquals(Optional.of(start), recurrence.lastStartBetween(start, start), "a start at both ends");
        assertEquals(Optional.of(start), recurrence.lastStartBetween(start.minusSeconds(1), start.plus(Duration.ofHours(23))));
        assertEquals(Optional.of(previous), recurrence.lastStartBetween(previous, start.minusNanos(1)));
        assertEquals(Optional.empty(), recurrence.lastStartBetween(previous.plusNanos(1), start.minusNanos(1)), "none inside");
        assertEquals(Optional.empty(), recurrence.lastStartBetween(start.plusSeconds(1), start), "from after to");
        assertEquals(Optional.of(start.plus(DAY)), recurrence.firstStartAfter(start, start.plus(DAY)), "after is excluded, until included");
        assertEquals(Optional.empty(), recurrence.firstStartAfter(start, start.plus(DAY).minusNanos(1)));
        assertEquals(Optional.of(start), recurrence.firstStartAfter(start.minusNanos(1), start));
        assertEquals(Optional.empty(), recurrence.firstStartAfter(start, start), "an empty range");
        assertEquals(Optional.empty(), recurrence.firstStartAfter(start.plusSeconds(1), start));
    }

    @Test
    void aWindowIsOpenFromItsStartForItsDuration() {
        MaintenanceWindow window = new MaintenanceWindow("Weekly vacuum", Set.of(MonitorId.of("db")),
                parse("FREQ=WEEKLY;BYDAY=SU;BYHOUR=2", "2026-11-01T02:00", "Europe/Berlin"), Duration.ofHours(2));
        Instant start = Instant.parse("2026-11-29T01:00:00Z");
        assertEquals(Optional.empty(), window.openAt(start.minusNanos(1)).map(MaintenanceWindow.Occurrence::start));
        assertEquals(Optional.of(start), window.openAt(start).map(MaintenanceWindow.Occurrence::start));
        assertEquals(Optional.of(start), window.openAt(start.plus(Duration.ofHours(2)).minusNanos(1))
                .map(MaintenanceWindow.Occurrence::start));
        assertEquals(Optional.empty(), window.openAt(start.plus(Duration.ofHours(2))));
        assertEquals(Optional.of(Instant.parse("2026-12-06T01:00:00Z")), window.nextAfter(start, Duration.ofDays(7))
                .map(MaintenanceWindow.Occurrence::start));
        assertEquals(Optional.empty(), window.nextAfter(start, Duration.ofDays(7).minusNanos(1)));
    }

    /**
     * A recurrence remembers the two starts around the instant last asked about: answers from that memory, as checks
     * ask minute after minute across a DST change, are those of a recurrence asked for the first time.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "30 2 * * *",
            "0,15,30 2,3 * * *",
            "*/20 * * * *",
            "0 0 3 ? * SUN#1",
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30",
            "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,15,30",
            "FREQ=MINUTELY;INTERVAL=20",
            "FREQ=HOURLY;COUNT=100",
    })
    void rememberedStartsAnswerAsAFreshSearch(String expression) {
        Recurrence asked = parse(expression, "2026-03-28T20:00", "Europe/Berlin");
        for (Instant at = Instant.parse("2026-03-28T22:00:00Z"); at.isBefore(Instant.parse("2026-03-29T06:00:00Z"));
             at = at.plusSeconds(150)) {
            Recurrence fresh = parse(expression, "2026-03-28T20:00", "Europe/Berlin");
            Instant from = at.minus(Duration.ofHours(2));
            assertEquals(fresh.lastStartBetween(from, at), asked.lastStartBetween(from, at), "latest at " + at);
            fresh = parse(expression, "2026-03-28T20:00", "Europe/Berlin");
            assertEquals(fresh.firstStartAfter(at, at.plus(DAY)), asked.firstStartAfter(at, at.plus(DAY)), "next at " + at);
        }
    }

    /** Checks query a recurrence from many threads at once; lib-recur's rule is only asked for iterators under a lock. */
    @Test
    void concurrentQueriesGiveTheSameAnswersAsOneThread() throws Exception {
        List<Recurrence> recurrences = List.of(parse("FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=3", "2026-01-01T03:00", "Europe/Berlin"),
                parse("FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=1,13", "2026-01-01T00:00", "America/New_York"),
                parse("15 3 * * 1-5", "-", "Europe/Berlin"));
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            instants.add(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(1_297L * i)));
        }
        List<String> expected = answers(recurrences, instants);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(threads.submit(() -> answers(recurrences, instants)));
            }
            for (Future<List<String>> result : results) {
                assertEquals(expected, result.get());
            }
        }
    }

    private static List<String> answers(List<Recurrence> recurrences, List<Instant> instants) {
        List<String> answers = new ArrayList<>();
        for (Recurrence recurrence : recurrences) {
            for (Instant at : instants) {
                answers.add(recurrence.lastStartBetween(at.minus(Duration.ofDays(40)), at) + " "
                        + recurrence.firstStartAfter(at, at.plus(Duration.ofDays(40))));
            }
        }
        return answers;
    }

    private static Recurrence parse(String text, String dtstart, String zone) {
        return text.startsWith("FREQ") ? PARSER.rrule(text, LocalDateTime.parse(dtstart), ZoneId.of(zone))
                : PARSER.cron(text, ZoneId.of(zone));
    }
}
