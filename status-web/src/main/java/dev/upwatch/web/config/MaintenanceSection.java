package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.config.MonitorSelection;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Recurrence;
import dev.upwatch.core.port.RecurrenceParser;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one item of the top-level {@code maintenance:} list (or a window of the admin API): a one-off window
 * ({@code start} with {@code end} or {@code duration}) or a recurring one ({@code rrule} with {@code start} as DTSTART,
 * or {@code cron}; both with {@code duration}), in {@code timezone} (default UTC), for {@code monitors} and/or
 * {@code groups} (default: every monitor). Every problem of the item is reported, each with its line and key path.
 */
final class MaintenanceSection {
    static final Set<String> KEYS = Set.of("title", "monitors", "groups", "start", "end", "duration", "rrule",
            "cron", "timezone");
    /** How long one window may last: positive, at most a year. */
    static final DurationRange DURATION = DurationRange.of(Duration.ofMillis(1), Duration.ofDays(365));
    private static final int MAX_TITLE = 200;

    private MaintenanceSection() {
    }

    /**
     * The window {@code node} describes; empty, with every problem noted, when it has any.
     *
     * @param monitors    the monitors its {@code monitors} and {@code groups} may name (groups resolve to these now)
     * @param recurrences reads its {@code rrule} or {@code cron}
     */
    static Optional<MaintenanceWindow> read(ConfigReader reader, ConfigNode node, List<Monitor> monitors,
                                            RecurrenceParser recurrences) {
        int before = reader.count();
        ConfigMap map = reader.map(node, KEYS);
        Optional<String> title = map.required("title").map(String::strip);
        title.filter(text -> text.length() > MAX_TITLE)
                .ifPresent(text -> map.report("title", "must be at most " + MAX_TITLE + " characters"));
        Set<MonitorId> covered = MonitorSelection.read(map, monitors).orElseGet(
                () -> monitors.stream().map(Monitor::id).collect(Collectors.toCollection(LinkedHashSet::new)));
        Optional<ZoneId> zone = map.has("timezone") ? map.parsed("timezone", MaintenanceSection::zone)
                : Optional.of(ZoneOffset.UTC);
        Optional<Duration> duration = map.duration("duration", DURATION);
        boolean rrule = map.has("rrule");
        boolean cron = map.has("cron");
        Optional<Recurrence> starts;
        Optional<Instant> oneOffStart = Optional.empty();
        if (rrule || cron) {
            if (rrule && cron) {
                map.report("cron", "give either rrule or cron, not both");
            }
            if (map.has("end")) {
                map.report("end", "a recurring window ends after its duration; 'end' is only for one-off windows");
            }
            if (!map.has("duration")) {
                reader.report(node, "a recurring window needs 'duration', how long each window lasts (e.g. 2h)");
            }
            starts = rrule && cron ? Optional.empty() : zone.flatMap(z -> cron ? cron(map, z, recurrences) : rrule(map, z, recurrences));
        } else {
            oneOffStart = oneOff(map, zone);
            starts = oneOffStart.map(Recurrence::once);
        }
        Optional<Instant> start = oneOffStart;
        Optional<Duration> length = duration.isPresent() || !map.has("end") ? duration
                : start.flatMap(s -> zone.flatMap(z -> oneOffLength(map, z, s)));
        if (reader.count() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MaintenanceWindow(title.orElseThrow(), covered, starts.orElseThrow(),
                    length.orElseThrow()));
        } catch (IllegalArgumentException e) {
            reader.report(node, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Recurrence> cron(ConfigMap map, ZoneId zone, RecurrenceParser recurrences) {
        if (map.has("start")) {
            map.report("start", "a cron window takes no start; the expression says when it opens");
        }
        return map.parsed("cron", text -> {
            try {
                return recurrences.cron(text, zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad cron expression: " + e.getMessage(), e);
            }
        });
    }

    private static Optional<Recurrence> rrule(ConfigMap map, ZoneId zone, RecurrenceParser recurrences) {
        Optional<LocalDateTime> dtstart = map.required("start").flatMap(text -> localDateTime(map, "start", zone));
        return dtstart.flatMap(start -> map.parsed("rrule", text -> {
            try {
                return recurrences.rrule(text, start, zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad RRULE: " + e.getMessage(), e);
            }
        }));
    }

    /** The start of a one-off window. */
    private static Optional<Instant> oneOff(ConfigMap map, Optional<ZoneId> zone) {
        Optional<String> start = map.required("start");
        if (start.isPresent() && map.has("end") == map.has("duration")) {
            map.reader().report(map.node(), "a one-off window needs 'start' and either 'end' or 'duration'");
            return Optional.empty();
        }
        return start.flatMap(text -> zone.flatMap(z -> instant(map, "start", z)));
    }

    /** The length of a one-off window given by start and end. */
    private static Optional<Duration> oneOffLength(ConfigMap map, ZoneId zone, Instant start) {
        return instant(map, "end", zone).flatMap(end -> {
            if (!end.isAfter(start)) {
                map.report("end", "must be after start (" + start + ")");
                return Optional.empty();
            }
            Duration length = Duration.between(start, end);
            Optional<String> problem = DURATION.problem(length).map(text -> "the window " + text);
            problem.ifPresent(text -> map.report("end", text));
            return problem.isPresent() ? Optional.empty() : Optional.of(length);
        });
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a time zone; use a region such as "
                    + "Europe/Berlin, or UTC", e);
        }
    }

    /** An instant: with an offset ({@code 2026-12-01T22:00:00Z}) as written, without one in {@code zone}. */
    private static Optional<Instant> instant(ConfigMap map, String key, ZoneId zone) {
        ConfigNode node = map.get(key).orElseThrow();
        Optional<String> text = map.text(key).map(String::strip);
        Optional<Instant> instant = text.flatMap(given -> {
            try {
                return Optional.of(OffsetDateTime.parse(given).toInstant());
            } catch (DateTimeParseException e) {
                return localDateTime(map, key, zone).map(local -> ZonedDateTime.ofLocal(local, zone, null).toInstant());
            }
        });
        return instant.flatMap(value -> map.reader().inDateRange(node, value));
    }

    /** A local date-time ({@code 2026-12-06T02:00}); one with an offset is converted to {@code zone}. */
    private static Optional<LocalDateTime> localDateTime(ConfigMap map, String key, ZoneId zone) {
        ConfigNode node = map.get(key).orElseThrow();
        return map.parsed(key, text -> {
            String given = text.strip();
            try {
                return LocalDateTime.parse(given);
            } catch (DateTimeParseException e) {
                try {
                    return OffsetDateTime.parse(given).atZoneSameInstant(zone).toLocalDateTime();
                } catch (DateTimeException again) {
                    throw new IllegalArgumentException("'" + given + "' is not a date-time such as 2026-12-06T02:00 (in "
                            + "timezone) or 2026-12-06T01:00:00Z", again);
                }
            }
        }).filter(local -> map.reader().inDateRange(node, ZonedDateTime.ofLocal(local, zone, null).toInstant()).isPresent());
    }
}
