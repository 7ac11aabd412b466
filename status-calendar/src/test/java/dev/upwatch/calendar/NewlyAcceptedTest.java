package dev.upwatch.calendar;

import dev.upwatch.core.model.Recurrence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the hand-written subsets refused and the libraries handle: every FREQ, BYSETPOS, BYMONTH, BYYEARDAY, BYWEEKNO,
 * WKST, EXDATE lines; Quartz cron (seconds, ?, L, W, #, year) and {@code @yearly}.
 */
class NewlyAcceptedTest {

    /** The next three starts after {@code after} (local times in the zone). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // text                                                       | DTSTART          | zone          | after (local)    | next three starts (local)
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=22       | 2026-01-01T22:00 | Europe/Berlin | 2026-01-01T00:00 | 2026-01-30T22:00 2026-02-27T22:00 2026-03-31T22:00",
            "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24                          | 2026-12-24T18:00 | Europe/Berlin | 2026-01-01T00:00 | 2026-12-24T18:00 2027-12-24T18:00 2028-12-24T18:00",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29                           | 2026-01-01T03:00 | UTC           | 2026-01-01T00:00 | 2028-02-29T03:00 2032-02-29T03:00 2036-02-29T03:00",
            "FREQ=YEARLY;BYYEARDAY=-1                                      | 2026-01-01T23:00 | UTC           | 2026-01-01T00:00 | 2026-12-31T23:00 2027-12-31T23:00 2028-12-31T23:00",
            "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO                               | 2026-01-01T06:00 | UTC           | 2026-01-01T00:00 | 2027-01-04T06:00 2028-01-03T06:00 2029-01-01T06:00",
            "FREQ=HOURLY;INTERVAL=6                                        | 2026-03-28T20:00 | Europe/Berlin | 2026-03-28T21:00 | 2026-03-29T02:00 2026-03-29T08:00 2026-03-29T14:00",
            "FREQ=MINUTELY;INTERVAL=30;BYHOUR=3                            | 2026-01-01T03:00 | UTC           | 2026-01-01T03:10 | 2026-01-01T03:30 2026-01-02T03:00 2026-01-02T03:30",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TU;WKST=SU                    | 1997-08-05T09:00 | UTC           | 1997-08-05T09:00 | 1997-08-17T09:00 1997-08-19T09:00 1997-08-31T09:00",
            // EXDATE: a local date-time, a UTC one and a whole day taken out of Sundays 02:00 Berlin
            "FREQ=WEEKLY;BYDAY=SU\\nEXDATE:20261206T020000,20261213T010000Z\\nEXDATE;VALUE=DATE:20261220 | 2026-11-29T02:00 | Europe/Berlin | 2026-11-29T02:00 | 2026-12-27T02:00 2027-01-03T02:00 2027-01-10T02:00",
            "RRULE:FREQ=DAILY;COUNT=4\\nEXDATE:20260102T000000              | 2026-01-01T00:00 | UTC           | 2025-12-31T00:00 | 2026-01-01T00:00 2026-01-03T00:00 2026-01-04T00:00",
            // Quartz: seconds first, ? for the day field not given, L (last), W (nearest weekday), # (nth weekday), year
            "0 0 2 ? * SUN#1                                                | -                | Europe/Berlin | 2026-11-29T00:00 | 2026-12-06T02:00 2027-01-03T02:00 2027-02-07T02:00",
            "0 30 23 L * ?                                                  | -                | UTC           | 2026-11-29T00:00 | 2026-11-30T23:30 2026-12-31T23:30 2027-01-31T23:30",
            "0 0 6 15W * ?                                                  | -                | UTC           | 2026-11-01T00:00 | 2026-11-16T06:00 2026-12-15T06:00 2027-01-15T06:00",
            "0 0 4 ? * 6L                                                   | -                | UTC           | 2026-11-01T00:00 | 2026-11-27T04:00 2026-12-25T04:00 2027-01-29T04:00",
            "30 15 10 * * ? 2027                                            | -                | UTC           | 2026-11-01T00:00 | 2027-01-01T10:15:30 2027-01-02T10:15:30 2027-01-03T10:15:30",
            "@yearly                                                        | -                | UTC           | 2026-11-01T00:00 | 2027-01-01T00:00 2028-01-01T00:00 2029-01-01T00:00",
            "@annually                                                      | -                | UTC           | 2026-11-01T00:00 | 2027-01-01T00:00 2028-01-01T00:00 2029-01-01T00:00",
    })
    void startsOfWhatTheSubsetsRefused(String text, String dtstart, String zone, String after, String starts) {
        ZoneId in = ZoneId.of(zone);
        String written = text.replace("\\n", "\n");
        Recurrence recurrence = dtstart.equals("-") ? Recurrences.parser().cron(written, in)
                : Recurrences.parser().rrule(written, LocalDateTime.parse(dtstart), in);
        List<Instant> found = new ArrayList<>();
        Instant t = LocalDateTime.parse(after).atZone(in).toInstant();
        for (int i = 0; i < 3; i++) {
            t = recurrence.firstStartAfter(t, t.plus(Duration.ofDays(5 * 366))).orElseThrow();
            found.add(t);
        }
        assertEquals(Arrays.stream(starts.split(" ")).map(s -> LocalDateTime.parse(s).atZone(in).toInstant()).toList(),
                found);
    }

    @Test
    void aRuleThatNeverStartsIsAcceptedAsTheSubsetAcceptedItAndNeverOpens() {
        Recurrence never = Recurrences.parser().rrule("FREQ=MONTHLY;BYDAY=-1SU;BYMONTHDAY=12",
                LocalDateTime.parse("2026-01-01T02:00"), ZoneId.of("UTC"));
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        assertEquals(Optional.empty(), never.firstStartAfter(now, now.plus(Duration.ofDays(3650))));
        assertEquals(Optional.empty(), never.lastStartBetween(now.minus(Duration.ofDays(3650)), now));
    }

    /** lib-recur gives up on a rule after 1,000 periods without a start: such a rule is refused, with the remedy. */
    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', value = {
            // no start in the first 1,000 hours (the first February 29 is in 2028)
            "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29                | 2026-01-01T03:00 | no start in 1000 HOURLY periods in a row;",
            // 2016-02-29 is a Monday, the next February 29 on a Monday is in 2044
            "FREQ=DAILY;BYDAY=MO;BYMONTH=2;BYMONTHDAY=29         | 2016-02-01T03:00 | no start in 1000 DAILY periods in a row after 2016-02-29T03:00;",
    })
    void aRuleLibRecurGivesUpOnIsRefusedNamingTheRemedy(String rule, String dtstart, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Recurrences.parser().rrule(
                rule, LocalDateTime.parse(dtstart), ZoneId.of("UTC")));
        assertTrue(error.getMessage().startsWith(message), error.getMessage());
        assertTrue(error.getMessage().endsWith("use a longer FREQ, e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29 rather than"
                + " FREQ=DAILY;..."), error.getMessage());
        Recurrence yearly = Recurrences.parser().rrule("FREQ=YEARLY;BYDAY=MO;BYMONTH=2;BYMONTHDAY=29",
                LocalDateTime.parse("2016-02-01T03:00"), ZoneId.of("UTC"));
        assertEquals(Optional.of(Instant.parse("2044-02-29T03:00:00Z")), yearly.firstStartAfter(
                Instant.parse("2016-03-01T00:00:00Z"), Instant.parse("2050-01-01T00:00:00Z")), "the same, yearly");
    }
}
