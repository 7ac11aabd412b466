package dev.upwatch.core.rule;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronScheduleTest {
    private static final Duration RANGE = Duration.ofDays(400);

    /** For each expression and instant: the latest start at or before it, and the first start after it. */
    @ParameterizedTest(name = "{0} {1} at {2}")
    @CsvSource(delimiter = '|', value = {
            // expression        | zone             | at                   | last start at or before | next start after
            "0 2 * * 0           | UTC              | 2026-11-29T01:59:00Z | 2026-11-22T02:00:00Z | 2026-11-29T02:00:00Z",
            "0 2 * * SUN         | UTC              | 2026-11-29T02:00:00Z | 2026-11-29T02:00:00Z | 2026-12-06T02:00:00Z",
            "0 2 * * 7           | UTC              | 2026-11-29T02:00:00Z | 2026-11-29T02:00:00Z | 2026-12-06T02:00:00Z",
            "*/15 * * * *        | UTC              | 2026-11-29T10:07:00Z | 2026-11-29T10:00:00Z | 2026-11-29T10:15:00Z",
            "0-30/10 9-17 * * MON-FRI | UTC         | 2026-11-27T17:45:00Z | 2026-11-27T17:30:00Z | 2026-11-30T09:00:00Z",
            "30 1,13 * * *       | UTC              | 2026-11-29T12:00:00Z | 2026-11-29T01:30:00Z | 2026-11-29T13:30:00Z",
            "0 0 1 JAN,JUL *     | UTC              | 2026-11-29T00:00:00Z | 2026-07-01T00:00:00Z | 2027-01-01T00:00:00Z",
            // day of month OR day of week when both are restricted (classic cron)
            "0 0 13 * 5          | UTC              | 2026-11-15T00:00:00Z | 2026-11-13T00:00:00Z | 2026-11-20T00:00:00Z",
            // February 29 only in leap years
            "0 0 29 2 *          | UTC              | 2026-11-29T00:00:00Z | none                 | none",
            "0 0 29 2 *          | UTC              | 2028-03-01T00:00:00Z | 2028-02-29T00:00:00Z | none",
            "0 0 31 * *          | UTC              | 2026-12-01T00:00:00Z | 2026-10-31T00:00:00Z | 2026-12-31T00:00:00Z",
            // DST: 02:30 is skipped on 2026-03-29 in Berlin (runs at 03:30 CEST) and repeated on 2026-10-25 (runs once)
            "30 2 * * *          | Europe/Berlin    | 2026-03-29T12:00:00Z | 2026-03-29T01:30:00Z | 2026-03-30T00:30:00Z",
            "30 2 * * *          | Europe/Berlin    | 2026-10-25T12:00:00Z | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
            "0 9 * * *           | America/New_York | 2026-03-08T20:00:00Z | 2026-03-08T13:00:00Z | 2026-03-09T13:00:00Z",
            "@daily              | UTC              | 2026-11-29T05:00:00Z | 2026-11-29T00:00:00Z | 2026-11-30T00:00:00Z",
            "@weekly             | UTC              | 2026-11-29T05:00:00Z | 2026-11-29T00:00:00Z | 2026-12-06T00:00:00Z",
            "@monthly            | UTC              | 2026-11-29T05:00:00Z | 2026-11-01T00:00:00Z | 2026-12-01T00:00:00Z",
    })
    void occurrences(String expression, String zone, String at, String last, String next) {
        CronSchedule cron = CronSchedule.parse(expression, ZoneId.of(zone));
        Instant t = Instant.parse(at);
        assertEquals(expected(last), cron.lastStartBetween(t.minus(RANGE), t), "last start");
        assertEquals(expected(next), cron.firstStartAfter(t, t.plus(RANGE)), "next start");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0 2 * *         | has 4 fields; a cron expression has 5",
            "0 2 * * * *     | has 6 fields",
            "60 * * * *      | minute: 60 is out of range [0, 59]",
            "0 24 * * *      | hour: 24 is out of range [0, 23]",
            "0 0 0 * *       | day-of-month: 0 is out of range [1, 31]",
            "0 0 * 13 *      | month: 13 is out of range [1, 12]",
            "0 0 * * 8       | day-of-week: 8 is out of range [0, 7]",
            "0 0 * FOO *     | month: 'FOO' is not a number or a name",
            "0 0 * * 5-1     | day-of-week: the range '5-1' runs backwards",
            "*/0 * * * *     | minute: 0 is out of range [1, 59]",
            "0 0 ** * *      | day-of-month: '**' is not a number",
            "0 0 1, * *      | day-of-month: '' is not a number",
    })
    void badExpressionsAreRejectedNamingTheField(String expression, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse(expression, ZoneId.of("UTC")));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    private static Optional<Instant> expected(String text) {
        return text.equals("none") ? Optional.empty() : Optional.of(Instant.parse(text));
    }
}
