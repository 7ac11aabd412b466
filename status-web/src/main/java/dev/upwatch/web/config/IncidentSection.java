package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one item of the top-level {@code incidents:} list (or an incident of the admin API): a manual incident or a
 * maintenance notice. Every problem of the item is reported, each with its line and key path.
 */
final class IncidentSection {
    static final Set<String> KEYS = Set.of("id", "title", "kind", "impact", "services", "starts", "ends", "updates");
    static final Set<String> UPDATE_KEYS = Set.of("at", "state", "message");
    private static final int MAX_TITLE = 200;

    private IncidentSection() {
    }

    /**
     * The incident {@code node} describes; empty, with every problem noted, when it has any.
     *
     * @param monitors the monitor ids {@code services} may name
     */
    static Optional<Incident> read(ConfigReader reader, ConfigNode node, Set<MonitorId> monitors) {
        int before = reader.count();
        ConfigMap map = reader.map(node, KEYS);
        Optional<IncidentId> id = map.required("id", IncidentId::of);
        Optional<String> title = map.required("title").map(String::strip);
        title.filter(text -> text.length() > MAX_TITLE)
                .ifPresent(text -> map.report("title", "must be at most " + MAX_TITLE + " characters"));
        Incident.Kind kind = map.parsed("kind", IncidentSection::kind).orElse(Incident.Kind.MANUAL);
        Status impact = map.parsed("impact", IncidentSection::impact)
                .orElse(kind == Incident.Kind.MAINTENANCE ? Status.MAINTENANCE : Status.DOWN);
        if (impact == Status.MAINTENANCE && kind != Incident.Kind.MAINTENANCE) {
            map.report("impact", "impact 'maintenance' is only for kind: maintenance");
        }
        List<MonitorId> services = services(map, monitors);
        Optional<Instant> starts = map.required("starts").flatMap(text -> map.instant("starts"));
        Optional<Instant> ends = map.instant("ends");
        if (starts.isPresent() && ends.isPresent() && !ends.get().isAfter(starts.get())) {
            map.report("ends", "must be after starts (" + starts.get() + ")");
        }
        if (kind == Incident.Kind.MAINTENANCE && !map.has("ends")) {
            reader.report(node, "a maintenance needs 'ends', the end of its window");
        }
        List<IncidentUpdate> updates = updates(map);
        if (reader.count() > before) {
            return Optional.empty();
        }
        Optional<Instant> resolvedAt = ends.isPresent() || kind == Incident.Kind.MAINTENANCE ? ends
                : updates.isEmpty() || updates.getLast().state() != IncidentState.RESOLVED ? Optional.empty()
                : Optional.of(updates.getLast().at());
        try {
            return Optional.of(new Incident(id.orElseThrow(), kind, title.orElseThrow(), impact, services,
                    starts.orElseThrow(), resolvedAt, updates));
        } catch (IllegalArgumentException e) {
            reader.report(map.get("updates").orElse(node), e.getMessage());
            return Optional.empty();
        }
    }

    private static List<MonitorId> services(ConfigMap map, Set<MonitorId> monitors) {
        ConfigReader reader = map.reader();
        List<MonitorId> services = new ArrayList<>();
        for (ConfigNode item : map.list("services")) {
            reader.parsed(item, text -> MonitorId.of(text.strip())).ifPresent(id -> {
                if (!monitors.contains(id)) {
                    reader.report(item, "unknown monitor '" + id + "'; known monitors: "
                            + String.join(", ", monitors.stream().map(MonitorId::value).sorted().toList()));
                } else if (services.contains(id)) {
                    reader.report(item, "monitor '" + id + "' is listed twice");
                } else {
                    services.add(id);
                }
            });
        }
        return services;
    }

    /** The timeline, sorted oldest first (the file may list it either way). */
    private static List<IncidentUpdate> updates(ConfigMap map) {
        ConfigReader reader = map.reader();
        List<IncidentUpdate> updates = new ArrayList<>();
        for (ConfigNode item : map.list("updates")) {
            ConfigMap update = reader.map(item, UPDATE_KEYS);
            Optional<Instant> at = update.required("at").flatMap(text -> update.instant("at"));
            Optional<IncidentState> state = update.required("state", IncidentSection::state);
            Optional<String> message = update.required("message").map(String::strip);
            if (at.isPresent() && state.isPresent() && message.isPresent()) {
                updates.add(new IncidentUpdate(at.get(), state.get(), message.get()));
            }
        }
        updates.sort(Comparator.comparing(IncidentUpdate::at));
        return updates;
    }

    private static IncidentState state(String text) {
        for (IncidentState state : IncidentState.values()) {
            if (state.wireName().equals(text.strip())) {
                return state;
            }
        }
        throw new IllegalArgumentException("'" + text.strip()
                + "' is not a state; expected investigating, identified, monitoring or resolved");
    }

    private static Incident.Kind kind(String text) {
        return switch (text.strip()) {
            case "incident" -> Incident.Kind.MANUAL;
            case "maintenance" -> Incident.Kind.MAINTENANCE;
            default -> throw new IllegalArgumentException("'" + text + "' is not a kind; expected incident or maintenance");
        };
    }

    private static Status impact(String text) {
        return switch (text.strip()) {
            case "down" -> Status.DOWN;
            case "degraded" -> Status.DEGRADED;
            case "maintenance" -> Status.MAINTENANCE;
            default -> throw new IllegalArgumentException("'" + text
                    + "' is not an impact; expected down, degraded or maintenance");
        };
    }
}
