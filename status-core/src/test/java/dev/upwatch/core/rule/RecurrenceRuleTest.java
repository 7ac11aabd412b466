package dev.upwatch.core.rule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurrenceRuleTest {
    private static final Duration YEAR = Duration.ofDays(400);

    /** For each rule and instant: the latest start at or before it, and the first start after it. */
    @ParameterizedTest(name = "{0} from {1} {2} at {3}")
    @CsvSource(delimiter = '|', value = {
            // rule                                  | DTSTART          | zone          | at                   | last start at or before | next start after
            // daily at a fixed local time keeps the wall-clock time across DST (CET +01 -> CEST +02)
            "FREQ=DAILY                              | 2026-03-28T09:00 | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-28T08:00:00Z | 2026-03-29T07:00:00Z",
            // 02:30 does not exist on 2026-03-29 in Berlin: it moves forward by the gap, to 03:30 CEST
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30         | 2026-03-01T02:30 | Europe/Berlin | 2026-03-29T12:00:00Z | 2026-03-29T01:30:00Z | 2026-03-30T00:30:00Z",
            // 02:30 happens twice on 2026-10-25: the earlier offset (CEST) is used, once
            "FREQ=DAILY;BYHOUR=2;BYMINUTE=30         | 2026-03-01T02:30 | Europe/Berlin | 2026-10-25T12:00:00Z | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
            // US DST starts 2026-03-08: 02:00 is skipped in New York
            "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2           | 2026-03-01T02:00 | America/New_York | 2026-03-08T12:00:00Z | 2026-03-08T07:00:00Z | 2026-03-15T06:00:00Z",
            "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2           | 2026-11-01T02:00 | UTC           | 2026-11-29T01:59:59Z | 2026-11-22T02:00:00Z | 2026-11-29T02:00:00Z",
            "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2           | 2026-11-01T02:00 | UTC           | 2026-11-29T02:00:00Z | 2026-11-29T02:00:00Z | 2026-12-06T02:00:00Z",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE      | 2026-01-05T06:00 | UTC           | 2026-01-12T00:00:00Z | 2026-01-07T06:00:00Z | 2026-01-19T06:00:00Z",
            "FREQ=WEEKLY                             | 2026-01-07T06:00 | UTC           | 2026-01-20T00:00:00Z | 2026-01-14T06:00:00Z | 2026-01-21T06:00:00Z",
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR         | 2026-11-27T22:00 | UTC           | 2026-11-29T00:00:00Z | 2026-11-27T22:00:00Z | 2026-11-30T22:00:00Z",
            "FREQ=DAILY;INTERVAL=3                   | 2026-01-01T00:00 | UTC           | 2026-01-05T00:00:00Z | 2026-01-04T00:00:00Z | 2026-01-07T00:00:00Z",
            // COUNT counts from DTSTART; UNTIL is inclusive
            "FREQ=DAILY;COUNT=3                      | 2026-01-01T00:00 | UTC           | 2026-01-10T00:00:00Z | 2026-01-03T00:00:00Z | none",
            "FREQ=DAILY;COUNT=3                      | 2026-01-01T00:00 | UTC           | 2026-01-02T12:00:00Z | 2026-01-02T00:00:00Z | 2026-01-03T00:00:00Z",
            "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=3         | 2026-01-05T08:00 | UTC           | 2026-02-01T00:00:00Z | 2026-01-12T08:00:00Z | none",
            "FREQ=DAILY;UNTIL=20260105T000000Z       | 2026-01-01T00:00 | UTC           | 2026-01-10T00:00:00Z | 2026-01-05T00:00:00Z | none",
            "FREQ=DAILY;UNTIL=20260104T235959Z       | 2026-01-01T00:00 | UTC           | 2026-01-10T00:00:00Z | 2026-01-04T00:00:00Z | none",
            "FREQ=DAILY;UNTIL=20260105               | 2026-01-01T10:00 | Europe/Berlin | 2026-01-10T00:00:00Z | 2026-01-05T09:00:00Z | none",
            "FREQ=DAILY;UNTIL=20260105T080000        | 2026-01-01T10:00 | Europe/Berlin | 2026-01-10T00:00:00Z | 2026-01-04T09:00:00Z | none",
            // monthly by ordinal weekday and by (negative) day of month
            "FREQ=MONTHLY;BYDAY=-1SU;BYHOUR=3        | 2026-01-01T03:00 | UTC           | 2026-04-01T00:00:00Z | 2026-03-29T03:00:00Z | 2026-04-26T03:00:00Z",
            "FREQ=MONTHLY;BYDAY=1MO                  | 2026-01-01T06:00 | UTC           | 2026-02-03T00:00:00Z | 2026-02-02T06:00:00Z | 2026-03-02T06:00:00Z",
            "FREQ=MONTHLY;BYMONTHDAY=-1              | 2026-01-31T23:00 | UTC           | 2026-03-01T00:00:00Z | 2026-02-28T23:00:00Z | 2026-03-31T23:00:00Z",
            "FREQ=MONTHLY;BYMONTHDAY=31              | 2026-01-31T01:00 | UTC           | 2026-05-01T00:00:00Z | 2026-03-31T01:00:00Z | 2026-05-31T01:00:00Z",
            "FREQ=MONTHLY                            | 2026-01-31T01:00 | UTC           | 2026-05-01T00:00:00Z | 2026-03-31T01:00:00Z | 2026-05-31T01:00:00Z",
            "FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR     | 2026-01-01T00:00 | UTC           | 2026-01-01T00:00:00Z | none                 | 2026-02-13T00:00:00Z",
            "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15 | 2026-01-01T04:00 | UTC           | 2026-02-20T00:00:00Z | 2026-01-15T04:00:00Z | 2026-03-01T04:00:00Z",
            "FREQ=MONTHLY;BYDAY=1MO;BYHOUR=1,13;BYMINUTE=0,30 | 2026-01-01T00:00 | UTC | 2026-01-05T13:10:00Z | 2026-01-05T13:00:00Z | 2026-01-05T13:30:00Z",
            // before DTSTART nothing has started; occurrences before DTSTART do not count
            "FREQ=DAILY                              | 2026-06-01T12:00 | UTC           | 2026-05-01T00:00:00Z | none                 | 2026-06-01T12:00:00Z",
            "FREQ=WEEKLY;BYDAY=MO,FR                 | 2026-01-07T08:00 | UTC           | 2026-01-08T00:00:00Z | none                 | 2026-01-09T08:00:00Z",
            "RRULE:FREQ=DAILY                        | 2020-01-01T00:00 | UTC           | 2026-11-29T05:00:00Z | 2026-11-29T00:00:00Z | 2026-11-30T00:00:00Z",
    })
    void occurrences(String rule, String dtstart, String zone, String at, String last, String next) {
        RecurrenceRule recurrence = RecurrenceRule.parse(rule, LocalDateTime.parse(dtstart), ZoneId.of(zone));
        Instant t = Instant.parse(at);
        assertEquals(expected(last), recurrence.lastStartBetween(t.minus(YEAR), t), "last start");
        assertEquals(expected(next), recurrence.firstStartAfter(t, t.plus(YEAR)), "next start");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                | the rule is empty",
            "BYDAY=MO                          | FREQ is required",
            "FREQ=YEARLY                       | FREQ=YEARLY is not supported",
            "FREQ=DAILY;BYSETPOS=1             | BYSETPOS is not supported",
            "FREQ=DAILY;INTERVAL=0             | INTERVAL: 0 is out of range",
            "FREQ=DAILY;INTERVAL=x             | INTERVAL: 'X' is not a whole number",
            "FREQ=DAILY;COUNT=2;UNTIL=20260101 | COUNT and UNTIL must not both be given",
            "FREQ=DAILY;UNTIL=tomorrow         | UNTIL: 'TOMORROW' is not a date",
            "FREQ=WEEKLY;BYDAY=XX              | BYDAY: 'XX' is not a weekday",
            "FREQ=WEEKLY;BYDAY=1MO             | BYDAY with an ordinal (e.g. 1MO, -1SU) needs FREQ=MONTHLY",
            "FREQ=MONTHLY;BYDAY=0MO            | the ordinal of '0MO' must not be 0",
            "FREQ=MONTHLY;BYMONTHDAY=32        | BYMONTHDAY: 32 is out of range",
            "FREQ=MONTHLY;BYMONTHDAY=0         | BYMONTHDAY: 0 is not a valid value",
            "FREQ=DAILY;BYHOUR=24              | BYHOUR: 24 is out of range",
            "FREQ=DAILY;BYMINUTE=60            | BYMINUTE: 60 is out of range",
            "FREQ=DAILY;FREQ=WEEKLY            | FREQ is given twice",
            "FREQ                              | 'FREQ' is not NAME=VALUE",
    })
    void badRulesAreRejectedNamingThePart(String rule, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RecurrenceRule.parse(rule, LocalDateTime.parse("2026-01-01T00:00"), ZoneId.of("UTC")));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    private static Optional<Instant> expected(String text) {
        return text.equals("none") ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
