package dev.upwatch.calendar;

import dev.upwatch.core.model.Recurrence;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The starts of an RFC 5545 RRULE from a DTSTART in a zone, computed by lib-recur on floating (local) date-times and
 * turned into instants by {@link WallClock}. UNTIL is applied here, on instants, because lib-recur compares it only
 * with a start in the same form (floating or UTC) while a maintenance plan may write it as a date, a local date-time
 * or a UTC one. A rule with COUNT is expanded once, when parsed (COUNT is at most {@value #MAX_COUNT}), so that a
 * query never walks from DTSTART again.
 *
 * <p>lib-recur gives up on a rule after 1,000 periods (of its FREQ) in a row without a start. A new rule is therefore
 * walked for its first starts when parsed: one that lib-recur gives up on between starts is refused, with advice; one
 * it gives up on before the first start never starts, when its parts are those of the former hand-written subset
 * (whose day and time filters repeat well within 1,000 periods, and which accepted such rules), and is refused
 * otherwise (it may start, just too rarely for its FREQ).
 */
final class RruleRecurrence implements Recurrence {
    /** The largest COUNT accepted: every start of such a rule is kept in memory. */
    static final int MAX_COUNT = 100_000;
    /** How many starts of a new rule are walked to see that lib-recur does not give up between them. */
    private static final int PROBE_STARTS = 1_000;
    /** Eight years see every weekday on every date, including February 29 (or until {@link #PROBE_STARTS}). */
    private static final int PROBE_YEARS = 8;
    private static final RecurrenceRule.RfcMode MODE = RecurrenceRule.RfcMode.RFC5545_STRICT;
    /** The frequencies and parts the former hand-written subset accepted. */
    private static final Set<Freq> SUBSET_FREQUENCIES = EnumSet.of(Freq.DAILY, Freq.WEEKLY, Freq.MONTHLY);
    private static final Set<String> SUBSET_PARTS = Set.of("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYHOUR",
            "BYMINUTE", "COUNT", "UNTIL");

    private final String text;
    /**
     * The rule without UNTIL; only asked for an iterator under its own lock, as lib-recur's iterator() writes to the
     * rule's parts. An iterator throws IllegalArgumentException (also when created) when it gives up on the rule.
     */
    private final RecurrenceRule rule;
    private final LocalDateTime dtstart;
    private final ZoneId zone;
    private final Optional<Instant> until;
    private final Exclusions exclusions;
    /** For a rule with COUNT, or one that never starts: every start, ascending; otherwise null. */
    private final Instant[] finite;

    private RruleRecurrence(String text, RecurrenceRule rule, boolean subset, LocalDateTime dtstart, ZoneId zone,
                            Optional<Instant> until, Exclusions exclusions) {
        this.text = text;
        this.rule = rule;
        this.dtstart = dtstart;
        this.zone = zone;
        this.until = until;
        this.exclusions = exclusions;
        boolean counted = rule.getCount() != null;
        Optional<List<LocalDateTime>> first = firstStarts(counted ? MAX_COUNT : PROBE_STARTS,
                counted ? LocalDateTime.MAX : dtstart.plusYears(PROBE_YEARS), subset);
        this.finite = first.isEmpty() ? new Instant[0] : counted ? sortedStarts(first.get()) : null;
    }

    /**
     * Parses an RRULE (with or without the {@code RRULE:} prefix), optionally followed by {@code EXDATE:} lines.
     *
     * @throws IllegalArgumentException naming the offending part
     */
    static RruleRecurrence parse(String text, LocalDateTime dtstart, ZoneId zone) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(dtstart, "dtstart");
        Objects.requireNonNull(zone, "zone");
        String ruleLine = null;
        List<String> exdates = new ArrayList<>();
        for (String line : text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("EXDATE")) {
                exdates.add(line);
            } else if (ruleLine == null && exdates.isEmpty()) {
                ruleLine = upper.startsWith("RRULE:") ? line.substring("RRULE:".length()) : line;
            } else {
                throw new IllegalArgumentException("'" + line + "': give one RRULE, then EXDATE lines if any");
            }
        }
        if (ruleLine == null || ruleLine.isBlank()) {
            throw new IllegalArgumentException("the rule is empty; it needs at least FREQ, e.g. FREQ=WEEKLY;BYDAY=SU");
        }
        String body = ruleLine.replaceAll("\\s", "");
        RecurrenceRule rule;
        try {
            rule = new RecurrenceRule(body, MODE);
        } catch (InvalidRecurrenceRuleException e) {
            throw new IllegalArgumentException(namingThePart(body, e.getMessage()), e);
        }
        if (rule.getCount() != null && rule.getCount() > MAX_COUNT) {
            throw new IllegalArgumentException("COUNT: " + rule.getCount() + " is out of range [1, " + MAX_COUNT + "]");
        }
        boolean subset = SUBSET_FREQUENCIES.contains(rule.getFreq()) && Arrays.stream(body.split(";"))
                .allMatch(part -> SUBSET_PARTS.contains(part.substring(0, part.indexOf('=')).toUpperCase(Locale.ROOT)));
        Optional<Instant> until = Optional.ofNullable(rule.getUntil()).map(value -> untilInstant(value, zone));
        if (until.isPresent()) {
            rule.setUntil(null);
        }
        return new RruleRecurrence(text.strip(), rule, subset, dtstart, zone, until, Exclusions.parse(exdates));
    }

    @Override
    public Optional<Instant> lastStartBetween(Instant from, Instant to) {
        Instant last = until.filter(to::isAfter).orElse(to);
        if (from.isAfter(last)) {
            return Optional.empty();
        }
        if (finite != null) {
            int index = firstIndexAfter(last) - 1;
            return index >= 0 && !finite[index].isBefore(from) ? Optional.of(finite[index]) : Optional.empty();
        }
        LocalDateTime high = WallClock.highestLocal(last, zone);
        Instant[] found = {null};
        scan(WallClock.lowestLocal(from, zone), start -> {
            if (start.local().isAfter(high)) {
                return false;
            }
            if (!start.at().isBefore(from) && !start.at().isAfter(last)
                    && (found[0] == null || start.at().isAfter(found[0]))) {
                found[0] = start.at();
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    @Override
    public Optional<Instant> firstStartAfter(Instant after, Instant limit) {
        Instant last = until.filter(limit::isAfter).orElse(limit);
        if (!after.isBefore(last)) {
            return Optional.empty();
        }
        if (finite != null) {
            int index = firstIndexAfter(after);
            return index < finite.length && !finite[index].isAfter(last) ? Optional.of(finite[index]) : Optional.empty();
        }
        LocalDateTime[] stop = {WallClock.highestLocal(last, zone)};
        Instant[] found = {null};
        scan(WallClock.lowestLocal(after, zone), start -> {
            if (start.local().isAfter(stop[0])) {
                return false;
            }
            if (start.at().isAfter(after) && !start.at().isAfter(last)
                    && (found[0] == null || start.at().isBefore(found[0]))) {
                found[0] = start.at();
                // A later local time can still be an earlier instant, but only across an offset change near it.
                Duration shift = WallClock.shiftNear(start.at(), zone);
                LocalDateTime beyond = start.local().plus(shift);
                stop[0] = beyond.isBefore(stop[0]) ? beyond : stop[0];
                return !shift.isZero();
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "RRULE " + text + " from " + dtstart + " " + zone;
    }

    /** One start: the rule's local date-time and the instant it stands for. */
    private record Start(LocalDateTime local, Instant at) {
    }

    /**
     * Hands the starts at or after local time {@code from}, in local order and without those EXDATE takes out, to
     * {@code visit} until it returns false or the rule ends.
     */
    private void scan(LocalDateTime from, Predicate<Start> visit) {
        try {
            RecurrenceRuleIterator iterator = iterator();
            iterator.fastForward(floating(from));
            while (iterator.hasNext()) {
                LocalDateTime local = local(iterator.peekDateTime());
                Instant at = WallClock.instant(local, zone);
                if (!exclusions.excludes(local, at) && !visit.test(new Start(local, at))) {
                    return;
                }
                iterator.nextDateTime();
            }
        } catch (IllegalArgumentException gaveUp) {
            // lib-recur gives up after 1,000 periods without a start; firstStarts() made sure that does not happen
            // between the first years' starts, so later it means the rule has no more starts.
        }
    }

    private RecurrenceRuleIterator iterator() {
        synchronized (rule) {
            return rule.iterator(floating(dtstart));
        }
    }

    /**
     * The rule's first starts from DTSTART, at most {@code most} and none after {@code end}, EXDATE not applied; empty
     * when lib-recur gives up before the first start of a rule of the former subset (see the class comment).
     *
     * @throws IllegalArgumentException when lib-recur gives up otherwise
     */
    private Optional<List<LocalDateTime>> firstStarts(int most, LocalDateTime end, boolean subset) {
        List<LocalDateTime> starts = new ArrayList<>();
        try {
            RecurrenceRuleIterator iterator = iterator();
            while (starts.size() < most && iterator.hasNext()) {
                LocalDateTime local = local(iterator.peekDateTime());
                if (local.isAfter(end)) {
                    break;
                }
                starts.add(local);
                if (starts.size() < most) {
                    iterator.nextDateTime(); // computes the start after this one, where lib-recur may give up
                }
            }
            return Optional.of(starts);
        } catch (IllegalArgumentException gaveUp) {
            if (starts.isEmpty() && subset) {
                return Optional.empty();
            }
            throw new IllegalArgumentException("no start in 1000 " + rule.getFreq() + " periods in a row"
                    + (starts.isEmpty() ? "" : " after " + starts.get(starts.size() - 1)) + "; if the rule starts that"
                    + " rarely, use a longer FREQ, e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29 rather than FREQ=DAILY;...",
                    gaveUp);
        }
    }

    /** The instants of {@code starts} that EXDATE leaves, ascending. */
    private Instant[] sortedStarts(List<LocalDateTime> starts) {
        return starts.stream().map(local -> new Start(local, WallClock.instant(local, zone)))
                .filter(start -> !exclusions.excludes(start.local(), start.at())).map(Start::at).sorted()
                .toArray(Instant[]::new);
    }

    /** The index of the first start after {@code at} in {@link #finite}. */
    private int firstIndexAfter(Instant at) {
        int low = 0;
        int high = finite.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            int order = finite[middle].compareTo(at);
            if (order <= 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** lib-recur's messages often leave out the part ("int value out of range: 24"): name it when one part alone fails. */
    private static String namingThePart(String body, String message) {
        for (String part : body.split(";")) {
            int equals = part.indexOf('=');
            String name = equals > 0 ? part.substring(0, equals).toUpperCase(Locale.ROOT) : "";
            if (name.isEmpty() || name.equals("FREQ") || (message != null && message.contains(name))) {
                continue;
            }
            try {
                new RecurrenceRule("FREQ=YEARLY;" + part, MODE);
            } catch (InvalidRecurrenceRuleException alone) {
                if (Objects.equals(alone.getMessage(), message)) {
                    return name + ": " + message;
                }
            }
        }
        return message;
    }

    /** UNTIL as an instant: a date ends with that day in the zone, a local date-time is in the zone. */
    private static Instant untilInstant(DateTime value, ZoneId zone) {
        if (value.isAllDay()) {
            return date(value).atTime(LocalTime.MAX).atZone(zone).toInstant();
        }
        return value.isFloating() ? WallClock.instant(local(value), zone) : Instant.ofEpochMilli(value.getTimestamp());
    }

    private static DateTime floating(LocalDateTime local) {
        return new DateTime(local.getYear(), local.getMonthValue() - 1, local.getDayOfMonth(), local.getHour(),
                local.getMinute(), local.getSecond());
    }

    private static LocalDateTime local(DateTime value) {
        return LocalDateTime.of(value.getYear(), value.getMonth() + 1, value.getDayOfMonth(), value.getHours(),
                value.getMinutes(), value.getSeconds());
    }

    private static LocalDate date(DateTime value) {
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDayOfMonth());
    }

    /**
     * The starts EXDATE lines take out: a local date-time (in the rule's zone) or UTC date-time takes out the start at
     * that moment, a date every start on that local day. Values are parsed by lib-recur's date-time parser.
     */
    private record Exclusions(Set<LocalDateTime> locals, Set<Instant> instants, Set<LocalDate> days) {

        static Exclusions parse(List<String> lines) {
            Set<LocalDateTime> locals = new HashSet<>();
            Set<Instant> instants = new HashSet<>();
            Set<LocalDate> days = new HashSet<>();
            for (String line : lines) {
                int colon = line.indexOf(':');
                String head = colon < 0 ? line : line.substring(0, colon).toUpperCase(Locale.ROOT);
                if (colon < 0 || !(head.equals("EXDATE") || head.equals("EXDATE;VALUE=DATE")
                        || head.equals("EXDATE;VALUE=DATE-TIME"))) {
                    throw new IllegalArgumentException("'" + line + "' is not EXDATE:<dates>; give dates (20261224),"
                            + " local date-times (20261224T020000) or UTC ones (20261224T010000Z), separated by commas");
                }
                for (String item : line.substring(colon + 1).split(",")) {
                    try {
                        DateTime value = DateTime.parse(item.strip().toUpperCase(Locale.ROOT));
                        if (value.isAllDay()) {
                            days.add(date(value));
                        } else if (value.isFloating()) {
                            locals.add(local(value));
                        } else {
                            instants.add(Instant.ofEpochMilli(value.getTimestamp()));
                        }
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("EXDATE: '" + item.strip() + "' is not a date (20261224),"
                                + " local date-time (20261224T020000) or UTC date-time (20261224T010000Z)", e);
                    }
                }
            }
            return new Exclusions(Set.copyOf(locals), Set.copyOf(instants), Set.copyOf(days));
        }

        /** Whether the start at local time {@code local}, instant {@code at}, is taken out. */
        boolean excludes(LocalDateTime local, Instant at) {
            return locals.contains(local) || instants.contains(at) || days.contains(local.toLocalDate());
        }
    }
}
