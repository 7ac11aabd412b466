package dev.upwatch.calendar;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.upwatch.core.model.Recurrence;

/**
 * The starts of a cron expression in a zone, computed by cron-utils on local times (it is handed UTC date-times that
 * stand for the zone's wall clock) and turned into instants by {@link WallClock}. Five fields are crontab's (minute to
 * day-of-week, 0 and 7 are Sunday, {@code @daily} and the other nicknames); six or seven are Quartz's (seconds first,
 * an optional year last, {@code ?}, {@code L}, {@code W}, {@code #}, 1 is Sunday).
 */
final class CronRecurrence implements Recurrence {
    /**
     * Crontab's two day rules: when day-of-month and day-of-week are both restricted a day matching either runs, but a
     * field that starts with {@code *} ({@code *}{@code /2}) counts as unrestricted, so then a day must match both
     * (Vixie cron and cronie do so; cron-utils' own Unix flavour takes either for any two non-{@code *} fields).
     */
    private static final CronParser CRONTAB_EITHER_DAY = new CronParser(crontab(false));
    private static final CronParser CRONTAB_BOTH_DAYS = new CronParser(crontab(true));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private static final List<String> CRONTAB_FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final List<String> QUARTZ_FIELDS = List.of("second", "minute", "hour", "day-of-month", "month",
            "day-of-week", "year");
    /** A step from 7 ({@code 7/2}): in crontab it runs from 7 to 7, Sundays only. */
    private static final Pattern SUNDAY_STEP = Pattern.compile("7/\\d+");
    /** A range from Sunday ({@code SUN-THU}): in crontab Sunday is 0 there. */
    private static final Pattern SUNDAY_RANGE = Pattern.compile("(?i)SUN-");

    private final String text;
    private final ZoneId zone;
    private final ExecutionTime executions;

    private CronRecurrence(String text, ZoneId zone, ExecutionTime executions) {
        this.text = text;
        this.zone = zone;
        this.executions = executions;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    static CronRecurrence parse(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        String text = expression.strip();
        String normal = text.startsWith("@") ? text.toLowerCase(Locale.ROOT) : text.replaceAll("\\s+", " ");
        String[] fields = normal.split(" ");
        List<String> names;
        CronParser parser;
        if (normal.startsWith("@")) {
            names = List.of();
            parser = CRONTAB_EITHER_DAY;
        } else if (fields.length == 5) {
            names = CRONTAB_FIELDS;
            parser = fields[2].startsWith("*") || fields[4].startsWith("*") ? CRONTAB_BOTH_DAYS : CRONTAB_EITHER_DAY;
            fields[4] = crontabDaysOfWeek(fields[4]);
        } else if (fields.length == 6 || fields.length == 7) {
            names = QUARTZ_FIELDS;
            parser = QUARTZ;
        } else {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length + " fields; a cron expression has 5:"
                    + " minute hour day-of-month month day-of-week (or, Quartz style, 6 or 7: seconds first, year last)");
        }
        Cron cron;
        try {
            cron = parser.parse(names.isEmpty() ? normal : String.join(" ", fields)).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(namingTheField(parser, fields, names, e.getMessage()), e);
        }
        return new CronRecurrence(text, zone, ExecutionTime.forCron(cron));
    }

    @Override
    public Optional<Instant> lastStartBetween(Instant from, Instant to) {
        return from.isAfter(to) ? Optional.empty() : latest(from, to);
    }

    @Override
    public Optional<Instant> firstStartAfter(Instant after, Instant until) {
        return after.isBefore(until) ? earliest(after, until) : Optional.empty();
    }

    /** The latest start in {@code [from, to]}, from cron-utils. */
    private Optional<Instant> latest(Instant from, Instant to) {
        LocalDateTime low = WallClock.lowestLocal(from, zone);
        ZonedDateTime cursor = wallClock(WallClock.highestLocal(to, zone).plusSeconds(1));
        Instant found = null;
        LocalDateTime stop = low;
        for (Optional<ZonedDateTime> run = executions.lastExecution(cursor); run.isPresent();
             run = executions.lastExecution(run.get())) {
            LocalDateTime local = run.get().toLocalDateTime();
            if (local.isBefore(stop)) {
                break;
            }
            Instant at = WallClock.instant(local, zone);
            if (!at.isBefore(from) && !at.isAfter(to) && (found == null || at.isAfter(found))) {
                found = at;
                // An earlier local time can still be a later instant, but only across an offset change near it.
                Duration shift = WallClock.shiftNear(at, zone);
                if (shift.isZero()) {
                    break;
                }
                stop = later(stop, local.minus(shift));
            }
        }
        return Optional.ofNullable(found);
    }

    /** The first start in {@code (after, until]}, from cron-utils. */
    private Optional<Instant> earliest(Instant after, Instant until) {
        LocalDateTime stop = WallClock.highestLocal(until, zone);
        ZonedDateTime cursor = wallClock(WallClock.lowestLocal(after, zone).minusSeconds(1));
        Instant found = null;
        for (Optional<ZonedDateTime> run = executions.nextExecution(cursor); run.isPresent();
             run = executions.nextExecution(run.get())) {
            LocalDateTime local = run.get().toLocalDateTime();
            if (local.isAfter(stop)) {
                break;
            }
            Instant at = WallClock.instant(local, zone);
            if (at.isAfter(after) && !at.isAfter(until) && (found == null || at.isBefore(found))) {
                found = at;
                Duration shift = WallClock.shiftNear(at, zone);
                if (shift.isZero()) {
                    break;
                }
                stop = earlier(stop, local.plus(shift));
            }
        }
        return Optional.ofNullable(found);
    }

    private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDateTime earlier(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "cron " + text + " " + zone;
    }

    /**
     * A crontab day-of-week field as cron-utils reads it the way crontab does: it takes Sunday as 7 and maps 7 to 0
     * before stepping, so a range from {@code SUN} would run backwards and {@code 7/2} would mean every other day.
     */
    private static String crontabDaysOfWeek(String field) {
        return Arrays.stream(field.split(",", -1))
                .map(item -> SUNDAY_STEP.matcher(item).matches() ? "7" : SUNDAY_RANGE.matcher(item).lookingAt()
                        ? "0-" + item.substring(4) : item)
                .collect(Collectors.joining(","));
    }

    /**
     * cron-utils' message, with the field it is about when that field alone fails (its messages say "Value 25 not in
     * range [0, 23]", not which field).
     */
    private static String namingTheField(CronParser parser, String[] fields, List<String> names, String message) {
        String problem = message == null ? "not a cron expression" : message.replace("Failed to parse cron expression. ", "");
        for (int i = 0; i < Math.min(names.size(), fields.length); i++) {
            try {
                parser.parse(String.join(" ", alone(fields, names, i))).validate();
            } catch (IllegalArgumentException e) {
                return names.get(i) + ": " + problem;
            }
        }
        return problem;
    }

    /** {@code fields} with every field but {@code tested} letting everything through (Quartz: ? in one day field). */
    private static String[] alone(String[] fields, List<String> names, int tested) {
        String[] result = new String[fields.length];
        Arrays.fill(result, "*");
        result[tested] = fields[tested];
        if (names == QUARTZ_FIELDS) {
            int dayOfMonth = names.indexOf("day-of-month");
            int dayOfWeek = names.indexOf("day-of-week");
            if (tested == dayOfMonth) {
                result[dayOfWeek] = fields[tested].equals("?") ? "*" : "?";
            } else {
                result[dayOfWeek] = tested == dayOfWeek ? fields[tested] : "?";
                result[dayOfMonth] = tested == dayOfWeek && !fields[tested].equals("?") ? "?" : "*";
            }
        }
        return result;
    }

    /** A local time as cron-utils is handed it: in UTC, which has no daylight saving to apply. */
    private static ZonedDateTime wallClock(LocalDateTime local) {
        return local.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
    }

    /** Crontab's fields as cron-utils' Unix flavour has them, plus the nicknames; see the day rules above. */
    private static CronDefinition crontab(boolean bothDays) {
        CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron()
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange().and()
                .withSupportedNicknameYearly().withSupportedNicknameAnnually().withSupportedNicknameMonthly()
                .withSupportedNicknameWeekly().withSupportedNicknameDaily().withSupportedNicknameMidnight()
                .withSupportedNicknameHourly();
        return (bothDays ? builder.matchDayOfWeekAndDayOfMonth() : builder).instance();
    }
}
