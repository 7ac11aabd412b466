package dev.upwatch.calendar;

import dev.upwatch.core.model.Recurrence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The recurrence rule examples of RFC 5545, section 3.8.5.3, all with DTSTART in America/New_York. Each row lists the
 * starts the RFC gives, as local dates at DTSTART's time ({@code 1997-09-02}), date ranges ({@code
 * 1997-09-02/1997-09-11}, every day), local date-times ({@code 1997-09-02T12:00}) or a day's times
 * ({@code 1997-09-02T09:00/16:40/20}, every 20 minutes); {@code ...} ends the list of a rule that goes on, otherwise
 * the rule must have no further start. Where the RFC gives two rules for one set, both are rows. The one example with
 * EXDATE writes it as our EXDATE line, local to the zone, as it has no TZID parameter. Every example is expressible
 * as RRULE + DTSTART and passes; one (every 3 hours) lists starts its own UNTIL excludes, so it is checked as printed
 * and with the UNTIL its starts need.
 */
class Rfc5545ExamplesTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Daily for 10 occurrences | 1997-09-02T09:00 | FREQ=DAILY;COUNT=10 | 1997-09-02/1997-09-11",
            "Daily until December 24, 1997 | 1997-09-02T09:00 | FREQ=DAILY;UNTIL=19971224T000000Z | 1997-09-02/1997-12-23",
            "Every other day - forever | 1997-09-02T09:00 | FREQ=DAILY;INTERVAL=2 | 1997-09-02 1997-09-04 1997-09-06 1997-09-08 1997-09-10 1997-09-12 1997-09-14 1997-09-16 1997-09-18 1997-09-20 1997-09-22 1997-09-24 1997-09-26 1997-09-28 1997-09-30 1997-10-02 1997-10-04 1997-10-06 1997-10-08 1997-10-10 1997-10-12 1997-10-14 1997-10-16 1997-10-18 1997-10-20 1997-10-22 1997-10-24 1997-10-26 1997-10-28 1997-10-30 1997-11-01 1997-11-03 1997-11-05 1997-11-07 1997-11-09 1997-11-11 1997-11-13 1997-11-15 1997-11-17 1997-11-19 1997-11-21 1997-11-23 1997-11-25 1997-11-27 1997-11-29 1997-12-01 1997-12-03 ...",
            "Every 10 days, 5 occurrences | 1997-09-02T09:00 | FREQ=DAILY;INTERVAL=10;COUNT=5 | 1997-09-02 1997-09-12 1997-09-22 1997-10-02 1997-10-12",
            "Every day in January, for 3 years (YEARLY) | 1998-01-01T09:00 | FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA | 1998-01-01/1998-01-31 1999-01-01/1999-01-31 2000-01-01/2000-01-31",
            "Every day in January, for 3 years (DAILY) | 1998-01-01T09:00 | FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1 | 1998-01-01/1998-01-31 1999-01-01/1999-01-31 2000-01-01/2000-01-31",
            "Weekly for 10 occurrences | 1997-09-02T09:00 | FREQ=WEEKLY;COUNT=10 | 1997-09-02 1997-09-09 1997-09-16 1997-09-23 1997-09-30 1997-10-07 1997-10-14 1997-10-21 1997-10-28 1997-11-04",
            "Weekly until December 24, 1997 | 1997-09-02T09:00 | FREQ=WEEKLY;UNTIL=19971224T000000Z | 1997-09-02 1997-09-09 1997-09-16 1997-09-23 1997-09-30 1997-10-07 1997-10-14 1997-10-21 1997-10-28 1997-11-04 1997-11-11 1997-11-18 1997-11-25 1997-12-02 1997-12-09 1997-12-16 1997-12-23",
            "Every other week - forever | 1997-09-02T09:00 | FREQ=WEEKLY;INTERVAL=2;WKST=SU | 1997-09-02 1997-09-16 1997-09-30 1997-10-14 1997-10-28 1997-11-11 1997-11-25 1997-12-09 1997-12-23 1998-01-06 1998-01-20 1998-02-03 1998-02-17 ...",
            "Weekly on Tuesday and Thursday for five weeks (UNTIL) | 1997-09-02T09:00 | FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH | 1997-09-02 1997-09-04 1997-09-09 1997-09-11 1997-09-16 1997-09-18 1997-09-23 1997-09-25 1997-09-30 1997-10-02",
            "Weekly on Tuesday and Thursday for five weeks (COUNT) | 1997-09-02T09:00 | FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH | 1997-09-02 1997-09-04 1997-09-09 1997-09-11 1997-09-16 1997-09-18 1997-09-23 1997-09-25 1997-09-30 1997-10-02",
            "Every other week on Monday, Wednesday, and Friday until December 24, 1997 | 1997-09-01T09:00 | FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR | 1997-09-01 1997-09-03 1997-09-05 1997-09-15 1997-09-17 1997-09-19 1997-09-29 1997-10-01 1997-10-03 1997-10-13 1997-10-15 1997-10-17 1997-10-27 1997-10-29 1997-10-31 1997-11-10 1997-11-12 1997-11-14 1997-11-24 1997-11-26 1997-11-28 1997-12-08 1997-12-10 1997-12-12 1997-12-22",
            "Every other week on Tuesday and Thursday, for 8 occurrences | 1997-09-02T09:00 | FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH | 1997-09-02 1997-09-04 1997-09-16 1997-09-18 1997-09-30 1997-10-02 1997-10-14 1997-10-16",
            "Monthly on the first Friday for 10 occurrences | 1997-09-05T09:00 | FREQ=MONTHLY;COUNT=10;BYDAY=1FR | 1997-09-05 1997-10-03 1997-11-07 1997-12-05 1998-01-02 1998-02-06 1998-03-06 1998-04-03 1998-05-01 1998-06-05",
            "Monthly on the first Friday until December 24, 1997 | 1997-09-05T09:00 | FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR | 1997-09-05 1997-10-03 1997-11-07 1997-12-05",
            "Every other month on the first and last Sunday of the month for 10 occurrences | 1997-09-07T09:00 | FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU | 1997-09-07 1997-09-28 1997-11-02 1997-11-30 1998-01-04 1998-01-25 1998-03-01 1998-03-29 1998-05-03 1998-05-31",
            "Monthly on the second-to-last Monday of the month for 6 months | 1997-09-22T09:00 | FREQ=MONTHLY;COUNT=6;BYDAY=-2MO | 1997-09-22 1997-10-20 1997-11-17 1997-12-22 1998-01-19 1998-02-16",
            "Monthly on the third-to-the-last day of the month, forever | 1997-09-28T09:00 | FREQ=MONTHLY;BYMONTHDAY=-3 | 1997-09-28 1997-10-29 1997-11-28 1997-12-29 1998-01-29 1998-02-26 ...",
            "Monthly on the 2nd and 15th of the month for 10 occurrences | 1997-09-02T09:00 | FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15 | 1997-09-02 1997-09-15 1997-10-02 1997-10-15 1997-11-02 1997-11-15 1997-12-02 1997-12-15 1998-01-02 1998-01-15",
            "Monthly on the first and last day of the month for 10 occurrences | 1997-09-30T09:00 | FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1 | 1997-09-30 1997-10-01 1997-10-31 1997-11-01 1997-11-30 1997-12-01 1997-12-31 1998-01-01 1998-01-31 1998-02-01",
            "Every 18 months on the 10th thru 15th of the month for 10 occurrences | 1997-09-10T09:00 | FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15 | 1997-09-10/1997-09-15 1999-03-10/1999-03-13",
            "Every Tuesday, every other month | 1997-09-02T09:00 | FREQ=MONTHLY;INTERVAL=2;BYDAY=TU | 1997-09-02 1997-09-09 1997-09-16 1997-09-23 1997-09-30 1997-11-04 1997-11-11 1997-11-18 1997-11-25 1998-01-06 1998-01-13 1998-01-20 1998-01-27 1998-03-03 1998-03-10 1998-03-17 1998-03-24 1998-03-31 ...",
            "Yearly in June and July for 10 occurrences | 1997-06-10T09:00 | FREQ=YEARLY;COUNT=10;BYMONTH=6,7 | 1997-06-10 1997-07-10 1998-06-10 1998-07-10 1999-06-10 1999-07-10 2000-06-10 2000-07-10 2001-06-10 2001-07-10",
            "Every other year on January, February, and March for 10 occurrences | 1997-03-10T09:00 | FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3 | 1997-03-10 1999-01-10 1999-02-10 1999-03-10 2001-01-10 2001-02-10 2001-03-10 2003-01-10 2003-02-10 2003-03-10",
            "Every third year on the 1st, 100th, and 200th day for 10 occurrences | 1997-01-01T09:00 | FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200 | 1997-01-01 1997-04-10 1997-07-19 2000-01-01 2000-04-09 2000-07-18 2003-01-01 2003-04-10 2003-07-19 2006-01-01",
            "Every 20th Monday of the year, forever | 1997-05-19T09:00 | FREQ=YEARLY;BYDAY=20MO | 1997-05-19 1998-05-18 1999-05-17 ...",
            "Monday of week number 20, forever | 1997-05-12T09:00 | FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO | 1997-05-12 1998-05-11 1999-05-17 ...",
            "Every Thursday in March, forever | 1997-03-13T09:00 | FREQ=YEARLY;BYMONTH=3;BYDAY=TH | 1997-03-13 1997-03-20 1997-03-27 1998-03-05 1998-03-12 1998-03-19 1998-03-26 1999-03-04 1999-03-11 1999-03-18 1999-03-25 ...",
            "Every Thursday, but only during June, July, and August, forever | 1997-06-05T09:00 | FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8 | 1997-06-05 1997-06-12 1997-06-19 1997-06-26 1997-07-03 1997-07-10 1997-07-17 1997-07-24 1997-07-31 1997-08-07 1997-08-14 1997-08-21 1997-08-28 1998-06-04 1998-06-11 1998-06-18 1998-06-25 1998-07-02 1998-07-09 1998-07-16 1998-07-23 1998-07-30 1998-08-06 1998-08-13 1998-08-20 1998-08-27 1999-06-03 1999-06-10 1999-06-17 1999-06-24 1999-07-01 1999-07-08 1999-07-15 1999-07-22 1999-07-29 1999-08-05 1999-08-12 1999-08-19 1999-08-26 ...",
            "Every Friday the 13th, forever (EXDATE takes out DTSTART) | 1997-09-02T09:00 | FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13\\nEXDATE:19970902T090000 | 1998-02-13 1998-03-13 1998-11-13 1999-08-13 2000-10-13 ...",
            "The first Saturday that follows the first Sunday of the month, forever | 1997-09-13T09:00 | FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13 | 1997-09-13 1997-10-11 1997-11-08 1997-12-13 1998-01-10 1998-02-07 1998-03-07 1998-04-11 1998-05-09 1998-06-13 ...",
            "Every 4 years, the first Tuesday after a Monday in November, forever | 1996-11-05T09:00 | FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8 | 1996-11-05 2000-11-07 2004-11-02 ...",
            "The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months | 1997-09-04T09:00 | FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3 | 1997-09-04 1997-10-07 1997-11-06",
            "The second-to-last weekday of the month | 1997-09-29T09:00 | FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2 | 1997-09-29 1997-10-30 1997-11-27 1997-12-30 1998-01-29 1998-02-26 1998-03-30 ...",
            // The RFC's UNTIL, 17:00 UTC, is 13:00 EDT and ends the rule before the 15:00 it lists; with 17:00 EDT (21:00
            // UTC) the rule gives the RFC's three starts.
            "Every 3 hours from 9:00 AM to 5:00 PM on a specific day (as printed) | 1997-09-02T09:00 | FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z | 1997-09-02T09:00 1997-09-02T12:00",
            "Every 3 hours from 9:00 AM to 5:00 PM on a specific day (until 17:00 EDT) | 1997-09-02T09:00 | FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z | 1997-09-02T09:00 1997-09-02T12:00 1997-09-02T15:00",
            "Every 15 minutes for 6 occurrences | 1997-09-02T09:00 | FREQ=MINUTELY;INTERVAL=15;COUNT=6 | 1997-09-02T09:00/10:15/15",
            "Every hour and a half for 4 occurrences | 1997-09-02T09:00 | FREQ=MINUTELY;INTERVAL=90;COUNT=4 | 1997-09-02T09:00 1997-09-02T10:30 1997-09-02T12:00 1997-09-02T13:30",
            "Every 20 minutes from 9:00 AM to 4:40 PM every day (DAILY) | 1997-09-02T09:00 | FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40 | 1997-09-02T09:00/16:40/20 1997-09-03T09:00/16:40/20 ...",
            "Every 20 minutes from 9:00 AM to 4:40 PM every day (MINUTELY) | 1997-09-02T09:00 | FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16 | 1997-09-02T09:00/16:40/20 1997-09-03T09:00/16:40/20 ...",
            "An example where the days generated makes a difference because of WKST (MO) | 1997-08-05T09:00 | FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO | 1997-08-05 1997-08-10 1997-08-19 1997-08-24",
            "An example where the days generated makes a difference because of WKST (SU) | 1997-08-05T09:00 | FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU | 1997-08-05 1997-08-17 1997-08-19 1997-08-31",
            "An example where an invalid date (i.e., February 30) is ignored | 2007-01-15T09:00 | FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5 | 2007-01-15 2007-01-30 2007-02-15 2007-03-15 2007-03-30",
    })
    void theExamplesOfSection385(String title, String dtstart, String rule, String starts) {
        LocalDateTime first = LocalDateTime.parse(dtstart);
        Recurrence recurrence = Recurrences.parser().rrule(rule.replace("\\n", "\n"), first, NEW_YORK);
        boolean goesOn = starts.endsWith("...");
        List<Instant> expected = expand(starts.replace("...", "").strip(), first.toLocalTime());

        List<Instant> actual = new ArrayList<>();
        Instant after = first.atZone(NEW_YORK).toInstant().minusSeconds(1);
        while (actual.size() < expected.size() + (goesOn ? 0 : 1)) {
            Optional<Instant> next = recurrence.firstStartAfter(after, after.plus(Duration.ofDays(4 * 366)));
            if (next.isEmpty()) {
                break;
            }
            actual.add(next.get());
            after = next.get();
        }
        assertEquals(expected, actual, title);
        Instant last = expected.get(expected.size() - 1);
        assertEquals(Optional.of(last), recurrence.lastStartBetween(last.minus(Duration.ofDays(400)), last));
    }

    /** The instants of the row's starts (local to New York), in order. */
    private static List<Instant> expand(String starts, LocalTime time) {
        List<Instant> instants = new ArrayList<>();
        for (String token : starts.split("\\s+")) {
            String[] parts = token.split("/");
            if (token.contains("T") && parts.length == 3) {
                LocalDateTime from = LocalDateTime.parse(parts[0]);
                LocalTime to = LocalTime.parse(parts[1]);
                for (LocalDateTime t = from; !t.toLocalTime().isAfter(to); t = t.plusMinutes(Long.parseLong(parts[2]))) {
                    instants.add(t.atZone(NEW_YORK).toInstant());
                }
            } else if (token.contains("T")) {
                instants.add(LocalDateTime.parse(token).atZone(NEW_YORK).toInstant());
            } else {
                LocalDate to = LocalDate.parse(parts[parts.length - 1]);
                for (LocalDate day = LocalDate.parse(parts[0]); !day.isAfter(to); day = day.plusDays(1)) {
                    instants.add(day.atTime(time).atZone(NEW_YORK).toInstant());
                }
            }
        }
        return instants;
    }
}
