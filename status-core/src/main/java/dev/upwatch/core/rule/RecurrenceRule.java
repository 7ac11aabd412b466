package dev.upwatch.core.rule;

import dev.upwatch.core.model.Recurrence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * A recurrence in the RFC 5545 RRULE syntax, the subset a maintenance plan needs: {@code FREQ} (DAILY, WEEKLY,
 * MONTHLY), {@code INTERVAL}, {@code BYDAY} (with ordinals such as {@code -1SU} for MONTHLY), {@code BYMONTHDAY}
 * (negative counts from the month's end), {@code BYHOUR}, {@code BYMINUTE}, {@code COUNT} and {@code UNTIL}.
 * Occurrences are local date-times in the rule's zone, counted from {@code DTSTART} (which gives the default
 * weekday, day of month, hour, minute and second); those before DTSTART are not occurrences. A local time that a
 * daylight-saving gap skips moves forward by the gap's length (02:30 becomes 03:30); one that an overlap repeats
 * uses the earlier offset. Weeks start on Monday.
 */
public final class RecurrenceRule implements Recurrence {
    private static final DateTimeFormatter UNTIL_UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter UNTIL_LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final DateTimeFormatter UNTIL_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final Map<String, DayOfWeek> DAYS = Map.of("MO", DayOfWeek.MONDAY, "TU", DayOfWeek.TUESDAY,
            "WE", DayOfWeek.WEDNESDAY, "TH", DayOfWeek.THURSDAY, "FR", DayOfWeek.FRIDAY, "SA", DayOfWeek.SATURDAY,
            "SU", DayOfWeek.SUNDAY);
    private static final int MAX_COUNT = 100_000;

    /** The supported frequencies. */
    enum Frequency { DAILY, WEEKLY, MONTHLY }

    /** A BYDAY entry: a weekday, and for MONTHLY optionally which one of the month (1 first, -1 last; 0 every). */
    record WeekdayNum(int ordinal, DayOfWeek day) {
    }

    private final String text;
    private final LocalDateTime dtstart;
    private final ZoneId zone;
    private final Frequency frequency;
    private final int interval;
    private final List<WeekdayNum> byDay;
    private final List<Integer> byMonthDay;
    private final List<Integer> byHour;
    private final List<Integer> byMinute;
    private final OptionalInt count;
    private final Optional<Instant> until;

    private RecurrenceRule(String text, LocalDateTime dtstart, ZoneId zone, Frequency frequency, int interval,
                           List<WeekdayNum> byDay, List<Integer> byMonthDay, List<Integer> byHour,
                           List<Integer> byMinute, OptionalInt count, Optional<Instant> until) {
        this.text = text;
        this.dtstart = dtstart;
        this.zone = zone;
        this.frequency = frequency;
        this.interval = interval;
        this.byDay = byDay;
        this.byMonthDay = byMonthDay;
        this.byHour = byHour;
        this.byMinute = byMinute;
        this.count = count;
        this.until = until;
    }

    /**
     * Parses {@code rule} (with or without the {@code RRULE:} prefix).
     *
     * @param dtstart the first possible occurrence, local to {@code zone}
     * @throws IllegalArgumentException naming the offending part
     */
    public static RecurrenceRule parse(String rule, LocalDateTime dtstart, ZoneId zone) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(dtstart, "dtstart");
        Objects.requireNonNull(zone, "zone");
        String body = rule.strip();
        if (body.regionMatches(true, 0, "RRULE:", 0, 6)) {
            body = body.substring(6);
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the rule is empty; it needs at least FREQ, e.g. FREQ=WEEKLY;BYDAY=SU");
        }
        Frequency frequency = null;
        int interval = 1;
        List<WeekdayNum> byDay = List.of();
        List<Integer> byMonthDay = List.of();
        List<Integer> byHour = List.of();
        List<Integer> byMinute = List.of();
        OptionalInt count = OptionalInt.empty();
        Optional<Instant> until = Optional.empty();
        TreeSet<String> seen = new TreeSet<>();
        for (String part : body.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException("'" + part + "' is not NAME=VALUE");
            }
            String name = part.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String value = part.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new IllegalArgumentException(name + " is given twice");
            }
            switch (name) {
                case "FREQ" -> frequency = frequency(value);
                case "INTERVAL" -> interval = number(name, value, 1, 1000);
                case "BYDAY" -> byDay = weekdays(value);
                case "BYMONTHDAY" -> byMonthDay = numbers(name, value, -31, 31, true);
                case "BYHOUR" -> byHour = numbers(name, value, 0, 23, false);
                case "BYMINUTE" -> byMinute = numbers(name, value, 0, 59, false);
                case "COUNT" -> count = OptionalInt.of(number(name, value, 1, MAX_COUNT));
                case "UNTIL" -> until = Optional.of(until(value, zone));
                default -> throw new IllegalArgumentException(name + " is not supported; use FREQ, INTERVAL, BYDAY, "
                        + "BYMONTHDAY, BYHOUR, BYMINUTE, COUNT, UNTIL");
            }
        }
        if (frequency == null) {
            throw new IllegalArgumentException("FREQ is required (DAILY, WEEKLY or MONTHLY)");
        }
        if (count.isPresent() && until.isPresent()) {
            throw new IllegalArgumentException("COUNT and UNTIL must not both be given");
        }
        if (frequency != Frequency.MONTHLY && byDay.stream().anyMatch(d -> d.ordinal() != 0)) {
            throw new IllegalArgumentException("BYDAY with an ordinal (e.g. 1MO, -1SU) needs FREQ=MONTHLY");
        }
        return new RecurrenceRule(rule.strip(), dtstart, zone, frequency, interval, byDay, byMonthDay, byHour, byMinute,
                count, until);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public Optional<Instant> lastStartBetween(Instant from, Instant to) {
        return scan(from, to, true);
    }

    @Override
    public Optional<Instant> firstStartAfter(Instant after, Instant until) {
        return scan(after.plusNanos(1), until, false);
    }

    /** Occurrences in {@code [from, to]}: the last one when {@code last}, else the first. */
    private Optional<Instant> scan(Instant from, Instant to, boolean last) {
        if (from.isAfter(to)) {
            return Optional.empty();
        }
        // With COUNT every occurrence since DTSTART counts; without it, start just before the range.
        long period = count.isPresent() ? 0 : firstPeriodNear(from);
        int emitted = 0;
        Instant found = null;
        Instant stopAfter = to.plus(1, ChronoUnit.DAYS);
        while (true) {
            LocalDate periodStart = periodStart(period);
            if (periodStart.atStartOfDay(zone).toInstant().isAfter(stopAfter)) {
                return Optional.ofNullable(found);
            }
            for (LocalDateTime local : occurrences(period)) {
                if (local.isBefore(dtstart)) {
                    continue;
                }
                Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
                emitted++;
                if ((count.isPresent() && emitted > count.getAsInt()) || (until.isPresent() && at.isAfter(until.get()))
                        || at.isAfter(to)) {
                    return Optional.ofNullable(found);
                }
                if (!at.isBefore(from)) {
                    if (!last) {
                        return Optional.of(at);
                    }
                    found = at;
                }
            }
            period++;
        }
    }

    /** A period index at or shortly before the one holding {@code at}. */
    private long firstPeriodNear(Instant at) {
        LocalDate date = LocalDate.ofInstant(at, zone);
        long units = switch (frequency) {
            case DAILY -> ChronoUnit.DAYS.between(dtstart.toLocalDate(), date);
            case WEEKLY -> ChronoUnit.WEEKS.between(weekStart(dtstart.toLocalDate()), weekStart(date));
            case MONTHLY -> ChronoUnit.MONTHS.between(YearMonth.from(dtstart), YearMonth.from(date));
        };
        return Math.max(0, units / interval - 1);
    }

    private LocalDate periodStart(long period) {
        long units = period * interval;
        return switch (frequency) {
            case DAILY -> dtstart.toLocalDate().plusDays(units);
            case WEEKLY -> weekStart(dtstart.toLocalDate()).plusWeeks(units);
            case MONTHLY -> YearMonth.from(dtstart).plusMonths(units).atDay(1);
        };
    }

    /** The candidate local date-times of one period, ascending. */
    private List<LocalDateTime> occurrences(long period) {
        LocalDate start = periodStart(period);
        List<LocalDate> dates = new ArrayList<>();
        switch (frequency) {
            case DAILY -> dates.add(start);
            case WEEKLY -> {
                if (byDay.isEmpty()) {
                    dates.add(start.with(TemporalAdjusters.nextOrSame(dtstart.getDayOfWeek())));
                } else {
                    byDay.forEach(d -> dates.add(start.with(TemporalAdjusters.nextOrSame(d.day()))));
                }
            }
            case MONTHLY -> dates.addAll(monthDays(YearMonth.from(start)));
        }
        TreeSet<LocalDateTime> result = new TreeSet<>();
        for (LocalDate date : dates) {
            if (!matchesFilters(date)) {
                continue;
            }
            for (int hour : byHour.isEmpty() ? List.of(dtstart.getHour()) : byHour) {
                for (int minute : byMinute.isEmpty() ? List.of(dtstart.getMinute()) : byMinute) {
                    result.add(date.atTime(LocalTime.of(hour, minute, dtstart.getSecond())));
                }
            }
        }
        return List.copyOf(result);
    }

    private List<LocalDate> monthDays(YearMonth month) {
        List<LocalDate> days = new ArrayList<>();
        if (!byMonthDay.isEmpty()) {
            for (int day : byMonthDay) {
                int resolved = day > 0 ? day : month.lengthOfMonth() + day + 1;
                if (resolved >= 1 && resolved <= month.lengthOfMonth()) {
                    days.add(month.atDay(resolved));
                }
            }
        } else if (!byDay.isEmpty()) {
            for (WeekdayNum weekday : byDay) {
                days.addAll(weekday.ordinal() == 0 ? every(month, weekday.day()) : nth(month, weekday));
            }
        } else if (dtstart.getDayOfMonth() <= month.lengthOfMonth()) {
            days.add(month.atDay(dtstart.getDayOfMonth())); // months without that day are skipped, as RFC 5545 says
        }
        return days;
    }

    /** BYDAY and BYMONTHDAY limit where they do not expand. */
    private boolean matchesFilters(LocalDate date) {
        boolean dayExpands = frequency == Frequency.WEEKLY || (frequency == Frequency.MONTHLY && byMonthDay.isEmpty());
        if (!byDay.isEmpty() && !dayExpands) {
            YearMonth month = YearMonth.from(date);
            boolean any = byDay.stream().anyMatch(d -> d.day() == date.getDayOfWeek() && (d.ordinal() == 0
                    || nth(month, d).contains(date)));
            if (!any) {
                return false;
            }
        }
        boolean monthDayExpands = frequency == Frequency.MONTHLY;
        if (!byMonthDay.isEmpty() && !monthDayExpands) {
            int length = date.lengthOfMonth();
            return byMonthDay.stream().anyMatch(d -> (d > 0 ? d : length + d + 1) == date.getDayOfMonth());
        }
        return true;
    }

    private static List<LocalDate> every(YearMonth month, DayOfWeek day) {
        List<LocalDate> all = new ArrayList<>();
        for (LocalDate d = month.atDay(1).with(TemporalAdjusters.nextOrSame(day)); !d.isAfter(month.atEndOfMonth());
             d = d.plusWeeks(1)) {
            all.add(d);
        }
        return all;
    }

    /** The weekday's ordinal-th date of the month (negative: from the end), if the month has one. */
    private static List<LocalDate> nth(YearMonth month, WeekdayNum weekday) {
        List<LocalDate> all = every(month, weekday.day());
        int index = weekday.ordinal() > 0 ? weekday.ordinal() - 1 : all.size() + weekday.ordinal();
        return index >= 0 && index < all.size() ? List.of(all.get(index)) : List.of();
    }

    private static LocalDate weekStart(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Frequency frequency(String value) {
        try {
            return Frequency.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FREQ=" + value + " is not supported; use DAILY, WEEKLY or MONTHLY");
        }
    }

    private static List<WeekdayNum> weekdays(String value) {
        List<WeekdayNum> days = new ArrayList<>();
        for (String item : value.split(",")) {
            String entry = item.strip();
            if (entry.length() < 2 || !DAYS.containsKey(entry.substring(entry.length() - 2))) {
                throw new IllegalArgumentException("BYDAY: '" + entry + "' is not a weekday (MO, TU, WE, TH, FR, SA, SU,"
                        + " optionally with an ordinal such as 1MO or -1FR)");
            }
            String ordinal = entry.substring(0, entry.length() - 2);
            int n = ordinal.isEmpty() ? 0 : number("BYDAY", ordinal, -5, 5);
            if (!ordinal.isEmpty() && n == 0) {
                throw new IllegalArgumentException("BYDAY: the ordinal of '" + entry + "' must not be 0");
            }
            days.add(new WeekdayNum(n, DAYS.get(entry.substring(entry.length() - 2))));
        }
        return List.copyOf(days);
    }

    private static List<Integer> numbers(String name, String value, int min, int max, boolean noZero) {
        TreeSet<Integer> values = new TreeSet<>();
        for (String item : value.split(",")) {
            int n = number(name, item.strip(), min, max);
            if (noZero && n == 0) {
                throw new IllegalArgumentException(name + ": 0 is not a valid value");
            }
            values.add(n);
        }
        return List.copyOf(values);
    }

    private static int number(String name, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.startsWith("+") ? value.substring(1) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + ": " + n + " is out of range [" + min + ", " + max + "]");
        }
        return n;
    }

    private static Instant until(String value, ZoneId zone) {
        try {
            if (value.endsWith("Z")) {
                return LocalDateTime.parse(value, UNTIL_UTC).toInstant(ZoneOffset.UTC);
            }
            if (value.contains("T")) {
                return ZonedDateTime.ofLocal(LocalDateTime.parse(value, UNTIL_LOCAL), zone, null).toInstant();
            }
            return LocalDate.parse(value, UNTIL_DATE).atTime(LocalTime.MAX).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("UNTIL: '" + value + "' is not a date (20261231), local date-time "
                    + "(20261231T235959) or UTC date-time (20261231T235959Z)");
        }
    }

    @Override
    public String toString() {
        return "RRULE " + text + " from " + dtstart + " " + zone;
    }
}
