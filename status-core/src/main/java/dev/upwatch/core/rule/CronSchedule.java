package dev.upwatch.core.rule;

import dev.upwatch.core.model.Recurrence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A classic five-field cron expression ({@code minute hour day-of-month month day-of-week}) in a time zone:
 * each field takes a star, numbers, ranges {@code a-b}, steps (a star or a range followed by {@code /n}) and lists; months
 * and weekdays also take names ({@code JAN}, {@code MON}); weekday 0 and 7 are Sunday. As in cron, when both
 * day-of-month and day-of-week are restricted a day matching either one matches. {@code @hourly}, {@code @daily},
 * {@code @weekly} and {@code @monthly} are accepted. A time skipped by a daylight-saving gap moves forward by the
 * gap's length; a time repeated by an overlap starts once, at the earlier offset.
 */
public final class CronSchedule implements Recurrence {
    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far a query scans at most, in days (covers a yearly February 29 and more). */
    private static final int MAX_SCAN_DAYS = 8 * 366;

    private final String text;
    private final ZoneId zone;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronSchedule(String text, ZoneId zone, String[] fields) {
        this.text = text;
        this.zone = zone;
        this.minutes = field("minute", fields[0], 0, 59, List.of(), 0);
        this.hours = field("hour", fields[1], 0, 23, List.of(), 0);
        this.daysOfMonth = field("day-of-month", fields[2], 1, 31, List.of(), 1);
        this.months = field("month", fields[3], 1, 12, MONTHS, 1);
        BitSet weekdays = field("day-of-week", fields[4], 0, 7, WEEKDAYS, 0);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        this.daysOfWeek = weekdays;
        this.dayOfMonthRestricted = !fields[2].startsWith("*");
        this.dayOfWeekRestricted = !fields[4].startsWith("*");
    }

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String text = expression.strip();
        String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length + " fields; a cron expression has 5:"
                    + " minute hour day-of-month month day-of-week");
        }
        return new CronSchedule(text, zone, fields);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public Optional<Instant> lastStartBetween(Instant from, Instant to) {
        if (from.isAfter(to)) {
            return Optional.empty();
        }
        LocalDate first = LocalDate.ofInstant(from, zone).minusDays(1);
        LocalDate day = LocalDate.ofInstant(to, zone).plusDays(1);
        for (int scanned = 0; !day.isBefore(first) && scanned < MAX_SCAN_DAYS; day = day.minusDays(1), scanned++) {
            // Instants grow with local time within a day, so a day starting after 'to' holds nothing for us.
            if (!matches(day) || day.atStartOfDay(zone).toInstant().isAfter(to)) {
                continue;
            }
            for (int hour = hours.length() - 1; hour >= 0; hour = hours.previousSetBit(hour - 1)) {
                for (int minute = minutes.length() - 1; minute >= 0; minute = minutes.previousSetBit(minute - 1)) {
                    Instant at = at(day, hour, minute);
                    if (!at.isAfter(to) && !at.isBefore(from)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Instant> firstStartAfter(Instant after, Instant until) {
        if (!after.isBefore(until)) {
            return Optional.empty();
        }
        LocalDate day = LocalDate.ofInstant(after, zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(until, zone).plusDays(1);
        for (int scanned = 0; !day.isAfter(last) && scanned < MAX_SCAN_DAYS; day = day.plusDays(1), scanned++) {
            if (!matches(day) || !day.plusDays(1).atStartOfDay(zone).toInstant().isAfter(after)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    Instant at = at(day, hour, minute);
                    if (at.isAfter(after) && !at.isAfter(until)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Instant at(LocalDate day, int hour, int minute) {
        return ZonedDateTime.ofLocal(LocalDateTime.of(day.getYear(), day.getMonth(), day.getDayOfMonth(), hour, minute),
                zone, null).toInstant();
    }

    private boolean matches(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        boolean dow = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String name, String text, int min, int max, List<String> names, int nameBase) {
        BitSet bits = new BitSet(max + 1);
        for (String item : text.split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = value(name, item.substring(slash + 1), 1, max, List.of(), 0);
            }
            int low;
            int high;
            if (range.equals("*")) {
                low = min;
                high = max;
            } else if (range.indexOf('-') > 0) {
                int dash = range.indexOf('-');
                low = value(name, range.substring(0, dash), min, max, names, nameBase);
                high = value(name, range.substring(dash + 1), min, max, names, nameBase);
                if (high < low) {
                    throw new IllegalArgumentException(name + ": the range '" + range + "' runs backwards");
                }
            } else {
                low = value(name, range, min, max, names, nameBase);
                high = slash >= 0 ? max : low;
            }
            for (int v = low; v <= high; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(String name, String text, int min, int max, List<String> names, int nameBase) {
        int index = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return index + nameBase;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": " + value + " is out of range [" + min + ", " + max + "]");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a number" + (names.isEmpty() ? ""
                    : " or a name (" + String.join(", ", names) + ")"));
        }
    }

    @Override
    public String toString() {
        return "cron " + text + " " + zone;
    }
}
