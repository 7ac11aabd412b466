package dev.upwatch.calendar;

import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.port.RecurrenceParser;

import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The {@link RecurrenceParser} on maintained libraries: RRULEs (RFC 5545) on lib-recur, cron expressions (crontab and
 * Quartz) on cron-utils. Stateless and thread-safe; the recurrences it returns are too.
 */
public final class Recurrences implements RecurrenceParser {
    private static final Recurrences PARSER = new Recurrences();

    private Recurrences() {
    }

    /** The parser. */
    public static RecurrenceParser parser() {
        return PARSER;
    }

    @Override
    public Recurrence rrule(String text, LocalDateTime dtstart, ZoneId zone) {
        return new RememberedStarts(RruleRecurrence.parse(text, dtstart, zone));
    }

    @Override
    public Recurrence cron(String expression, ZoneId zone) {
        return new RememberedStarts(CronRecurrence.parse(expression, zone));
    }
}
