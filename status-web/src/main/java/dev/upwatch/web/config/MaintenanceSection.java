package dev.upwatch.web.config;

import dev.upwatch.core.model.DurationText;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one item of the top-level {@code maintenance:} list: a one-off window ({@code start} with {@code end} or
 * {@code duration}) or a recurring one ({@code rrule} with {@code start} as DTSTART, or {@code cron}; both with
 * {@code duration}), in {@code timezone} (default UTC), for {@code monitors} and/or {@code groups} (default: every
 * monitor). Every problem of the item is reported, each with its line and key path.
 */
final class MaintenanceSection {
    static final Set<String> KEYS = Set.of("title", "monitors", "groups", "start", "end", "duration", "rrule",
            "cron", "timezone");
    private static final int MAX_TITLE = 200;

    private final List<Monitor> monitors;
    private final RecurrenceParser recurrences;
    private final Problems problems = new Problems();
    /** The start of a one-off window, once read. */
    private Instant oneOffStart;

    private MaintenanceSection(List<Monitor> monitors, RecurrenceParser recurrences) {
        this.monitors = monitors;
        this.recurrences = recurrences;
    }

    /**
     * The window {@code node} describes.
     *
     * @throws ConfigException with every problem of the item
     */
    static MaintenanceWindow read(YamlNode node, List<Monitor> monitors, RecurrenceParser recurrences) {
        MaintenanceSection section = new MaintenanceSection(monitors, recurrences);
        Optional<MaintenanceWindow> window = section.window(node);
        if (!section.problems.isEmpty() || window.isEmpty()) {
            throw new ConfigException(section.problems.toList());
        }
        return window.get();
    }

    private Optional<MaintenanceWindow> window(YamlNode node) {
        Map<String, YamlNode> map = node.entries();
        problems.unknownKeys(map, KEYS);
        String title = problems.attempt(() -> {
            YamlNode titleNode = node.required(map, "title");
            String text = titleNode.text().strip();
            if (text.length() > MAX_TITLE) {
                throw titleNode.fail("must be at most " + MAX_TITLE + " characters");
            }
            return text;
        });
        Set<MonitorId> covered = problems.attempt(() -> covered(map));
        ZoneId zone = problems.attempt(() -> zone(map.get("timezone")));
        Duration duration = problems.attempt(() -> present(map, "duration") ? duration(map.get("duration")) : null);
        Recurrence starts = zone == null ? null : problems.attempt(() -> starts(node, map, zone, duration));
        if (!problems.isEmpty() || title == null || covered == null || starts == null) {
            return Optional.empty();
        }
        Duration length = duration != null ? duration : oneOffLength(map, zone);
        if (length == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MaintenanceWindow(title, covered, starts, length));
        } catch (IllegalArgumentException e) {
            problems.add(node.problem(e.getMessage()));
            return Optional.empty();
        }
    }

    private Recurrence starts(YamlNode node, Map<String, YamlNode> map, ZoneId zone, Duration duration) {
        boolean rrule = present(map, "rrule");
        boolean cron = present(map, "cron");
        if (rrule && cron) {
            throw map.get("cron").fail("give either rrule or cron, not both");
        }
        if ((rrule || cron) && present(map, "end")) {
            throw map.get("end").fail("a recurring window ends after its duration; 'end' is only for one-off windows");
        }
        if ((rrule || cron) && !present(map, "duration")) {
            throw node.fail("a recurring window needs 'duration', how long each window lasts (e.g. 2h)");
        }
        if (cron) {
            if (present(map, "start")) {
                throw map.get("start").fail("a cron window takes no start; the expression says when it opens");
            }
            YamlNode cronNode = map.get("cron");
            try {
                return recurrences.cron(cronNode.text(), zone);
            } catch (IllegalArgumentException e) {
                throw cronNode.fail("bad cron expression: " + e.getMessage());
            }
        }
        YamlNode startNode = node.required(map, "start");
        if (rrule) {
            LocalDateTime dtstart = localDateTime(startNode, zone);
            YamlNode ruleNode = map.get("rrule");
            try {
                return recurrences.rrule(ruleNode.text(), dtstart, zone);
            } catch (IllegalArgumentException e) {
                throw ruleNode.fail("bad RRULE: " + e.getMessage());
            }
        }
        if (present(map, "end") == present(map, "duration")) {
            throw node.fail("a one-off window needs 'start' and either 'end' or 'duration'");
        }
        oneOffStart = instant(startNode, zone);
        return Recurrence.once(oneOffStart);
    }

    /** The length of a one-off window given by start and end. */
    private Duration oneOffLength(Map<String, YamlNode> map, ZoneId zone) {
        YamlNode endNode = map.get("end");
        Instant start = oneOffStart;
        Instant end = problems.attempt(() -> instant(endNode, zone));
        if (end == null) {
            return null;
        }
        if (!end.isAfter(start)) {
            problems.add(endNode.problem("must be after start (" + start + ")"));
            return null;
        }
        return Duration.between(start, end);
    }

    /** The monitors named by {@code monitors} and {@code groups}; every monitor when neither is given. */
    private Set<MonitorId> covered(Map<String, YamlNode> map) {
        if (!present(map, "monitors") && !present(map, "groups")) {
            Set<MonitorId> all = new LinkedHashSet<>();
            monitors.forEach(m -> all.add(m.id()));
            return all;
        }
        Set<MonitorId> selected = new LinkedHashSet<>();
        if (present(map, "monitors")) {
            for (YamlNode item : map.get("monitors").items()) {
                String id = item.text().strip();
                Optional<Monitor> monitor = monitors.stream().filter(m -> m.id().value().equals(id)).findFirst();
                if (monitor.isEmpty()) {
                    problems.add(item.problem("no monitor has the id '" + id + "'"));
                } else {
                    selected.add(monitor.get().id());
                }
            }
        }
        if (present(map, "groups")) {
            for (YamlNode item : map.get("groups").items()) {
                String group = item.text().strip();
                List<MonitorId> members = monitors.stream().filter(m -> m.group().equals(group)).map(Monitor::id).toList();
                if (members.isEmpty()) {
                    problems.add(item.problem("no monitor is in the group '" + group + "'"));
                }
                selected.addAll(members);
            }
        }
        return selected;
    }

    private static ZoneId zone(YamlNode node) {
        if (node == null || node.isNull()) {
            return ZoneOffset.UTC;
        }
        String text = node.text().strip();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw node.fail("'" + text + "' is not a time zone; use a region such as Europe/Berlin, or UTC");
        }
    }

    private static Duration duration(YamlNode node) {
        Duration duration;
        try {
            duration = DurationText.parse(node.text());
        } catch (IllegalArgumentException e) {
            throw node.fail(e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw node.fail("must be positive");
        }
        return duration;
    }

    /** An instant: with an offset ({@code 2026-12-01T22:00:00Z}) as written, without one in {@code zone}. */
    private static Instant instant(YamlNode node, ZoneId zone) {
        String text = node.text().strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return ZonedDateTime.ofLocal(localDateTime(node, zone), zone, null).toInstant();
        }
    }

    /** A local date-time ({@code 2026-12-06T02:00}); one with an offset is converted to {@code zone}. */
    private static LocalDateTime localDateTime(YamlNode node, ZoneId zone) {
        String text = node.text().strip();
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDateTime();
            } catch (DateTimeParseException again) {
                throw node.fail("'" + text + "' is not a date-time such as 2026-12-06T02:00 (in timezone) or "
                        + "2026-12-06T01:00:00Z");
            }
        }
    }

    private static boolean present(Map<String, YamlNode> map, String key) {
        YamlNode node = map.get(key);
        return node != null && !node.isNull();
    }
}
