package dev.upwatch.core.port;

import dev.upwatch.core.model.Recurrence;

import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Reads recurring starts written as text: RFC 5545 recurrence rules and cron expressions. The core has no
 * implementation (it stays JDK only); status-calendar provides one ({@code dev.upwatch.calendar.Recurrences}).
 * Local times are wall-clock times in the given zone: one that a daylight-saving gap skips starts later by the gap's
 * length, one that an overlap repeats starts once, at the earlier offset.
 */
public interface RecurrenceParser {

    /**
     * The starts of an RRULE ({@code FREQ=WEEKLY;BYDAY=SU}, with or without the {@code RRULE:} prefix), counted from
     * {@code dtstart}; the text may continue with {@code EXDATE:} lines that take starts out.
     *
     * @throws IllegalArgumentException naming the offending part
     */
    Recurrence rrule(String text, LocalDateTime dtstart, ZoneId zone);

    /**
     * The starts of a cron expression: five fields (minute to day-of-week, as in crontab) or six to seven
     * (Quartz: seconds first, optional year).
     *
     * @throws IllegalArgumentException naming the offending field
     */
    Recurrence cron(String expression, ZoneId zone);
}
