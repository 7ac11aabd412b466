package dev.upwatch.web.feed;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.MonitorId;
import com.ibm.icu.text.ListFormatter;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.ReaderScope;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The entries of the incident feeds: incidents and maintenance notices of the last {@link #HISTORY} (and those still
 * open or announced), and the maintenance windows' openings from {@link #HISTORY} back to
 * {@link MaintenanceCalendar#ANNOUNCE_AHEAD} ahead. What a feed may show is decided by the view of its status page
 * ({@link ReaderScope#page()}): private monitors and those of other pages are left out of incidents and windows. The
 * texts are in the scope's language; ids do not depend on it.
 */
final class FeedEntries {
    /** How far back a feed reaches. */
    static final Duration HISTORY = Duration.ofDays(90);
    /** Most entries in a feed. */
    static final int LIMIT = 50;
    /** Most openings of one recurring window in a feed. */
    private static final int OPENINGS = 20;
    /** Stands for "when it was announced" of what has not started yet: the time this process learned of it. */
    private final Instant announced;

    FeedEntries(Instant announced) {
        this.announced = Objects.requireNonNull(announced, "announced");
    }

    /** When this process learned of what it announces: the {@code updated} of what has not started yet. */
    Instant announced() {
        return announced;
    }

    /** The newest entries of the page's feed, or of one service's when {@code service} is given; newest first. */
    List<FeedEntry> of(ReaderScope scope, Optional<MonitorId> service, Instant now) {
        String page = scope.slug();
        Messages m = scope.messages();
        IncidentQuery incidents = scope.page().incidents();
        MaintenanceQuery maintenance = scope.page().maintenance();
        Map<MonitorId, String> names = new LinkedHashMap<>();
        scope.page().status().snapshot().services().forEach(s -> names.put(s.monitor().id(), s.monitor().name()));
        Predicate<List<MonitorId>> concerns = ids -> service.map(ids::contains).orElse(true);
        Map<String, Incident> byId = new LinkedHashMap<>();
        incidents.between(now.minus(HISTORY), now.plus(MaintenanceCalendar.ANNOUNCE_AHEAD))
                .forEach(incident -> byId.put(incident.id().value(), incident));
        incidents.active().forEach(incident -> byId.putIfAbsent(incident.id().value(), incident));
        List<FeedEntry> entries = new ArrayList<>();
        for (Incident incident : byId.values()) {
            if (concerns.test(incident.services())) {
                entries.add(incident(m, page, incident, names, now));
            }
        }
        for (MaintenanceWindow window : maintenance.windows()) {
            List<MonitorId> shown = window.monitors().stream().sorted(Comparator.comparing(MonitorId::value)).toList();
            if (!concerns.test(shown)) {
                continue;
            }
            Instant cursor = now.minus(HISTORY);
            Instant until = now.plus(MaintenanceCalendar.ANNOUNCE_AHEAD);
            for (int i = 0; i < OPENINGS; i++) {
                Optional<Instant> start = window.starts().firstStartAfter(cursor, until);
                if (start.isEmpty()) {
                    break;
                }
                entries.add(opening(m, page, window, shown, start.get(), names, now));
                cursor = start.get();
            }
        }
        return entries.stream()
                .sorted(Comparator.comparing(FeedEntry::updated).reversed().thenComparing(FeedEntry::id))
                .limit(LIMIT)
                .toList();
    }

    private FeedEntry incident(Messages m, String page, Incident incident, Map<MonitorId, String> names, Instant now) {
        Instant updated = incident.updates().stream().map(IncidentUpdate::at)
                .filter(at -> !at.isAfter(now)).max(Instant::compareTo).orElse(incident.startedAt());
        Optional<Instant> ended = incident.resolvedAt().filter(end -> !end.isAfter(now));
        if (ended.isPresent() && ended.get().isAfter(updated)) {
            updated = ended.get();
        }
        if (updated.isAfter(now)) {
            updated = announced.isAfter(now) ? now : announced;
        }
        String state = incident.kind() == Incident.Kind.MAINTENANCE ? maintenanceState(m, incident.startedAt(),
                incident.resolvedAt(), now) : incident.resolvedAt().filter(end -> !end.isAfter(now)).isPresent()
                ? m.text("incident.state.resolved") : incident.updates().isEmpty() ? m.text("incident.state.investigating")
                : m.text("incident.state." + incident.updates().getLast().state().wireName());
        StringBuilder text = new StringBuilder();
        text.append(affects(m, incident.services(), names));
        text.append(m.text("feed.started", m.minute(incident.startedAt()))).append('\n');
        incident.resolvedAt().ifPresent(end -> text.append(m.text(end.isAfter(now) ? "feed.ends" : "feed.resolved",
                m.minute(end))).append('\n'));
        for (IncidentUpdate update : incident.updates()) {
            text.append('\n').append(m.text("feed.update", m.minute(update.at()),
                    m.text("incident.state." + update.state().wireName()), update.message()));
        }
        return new FeedEntry(id(page, "incident", incident.id().value()), m.text("feed.entry", state, incident.title()),
                incident.startedAt(), updated, text.toString().strip(), "history#incident-" + incident.id().value());
    }

    private FeedEntry opening(Messages m, String page, MaintenanceWindow window, List<MonitorId> shown, Instant start,
                              Map<MonitorId, String> names, Instant now) {
        Instant end = start.plus(window.duration());
        Instant updated = !end.isAfter(now) ? end : !start.isAfter(now) ? start : announced.isAfter(now) ? now : announced;
        String state = maintenanceState(m, start, Optional.of(end), now);
        String text = affects(m, shown, names) + m.text("feed.window", m.minute(start), m.minute(end)) + "\n"
                + m.text("feed.repeats", window.starts().text());
        return new FeedEntry(id(page, "maintenance", window.title() + "|" + shown.stream().map(MonitorId::value)
                .collect(Collectors.joining(",")) + "|" + start.getEpochSecond()), m.text("feed.entry", state,
                window.title()), start, updated, text, "");
    }

    private static String maintenanceState(Messages m, Instant start, Optional<Instant> end, Instant now) {
        if (start.isAfter(now)) {
            return m.text("feed.maintenance.scheduled");
        }
        return m.text(end.filter(e -> !e.isAfter(now)).isPresent() ? "feed.maintenance.completed"
                : "feed.maintenance.inProgress");
    }

    private static String affects(Messages m, List<MonitorId> ids, Map<MonitorId, String> names) {
        return ids.isEmpty() ? "" : m.text("feed.affects", ListFormatter.getInstance(m.locale()).format(ids.stream()
                .map(id -> names.getOrDefault(id, id.value())).toList())) + "\n";
    }

    /** A name-based UUID of the page, the kind and the key: the same wherever and whenever the feed is made. */
    static String id(String page, String kind, String key) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes(("upwatch:" + page + ":" + kind + ":" + key)
                .getBytes(StandardCharsets.UTF_8));
    }
}
