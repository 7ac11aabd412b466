package dev.upwatch.web.config;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Status;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one item of the top-level {@code incidents:} list: a manual incident or a maintenance notice. Every
 * problem of the item is reported, each with its line and key path.
 */
final class IncidentSection {
    static final Set<String> KEYS = Set.of("id", "title", "kind", "impact", "services", "starts", "ends", "updates");
    static final Set<String> UPDATE_KEYS = Set.of("at", "state", "message");
    private static final int MAX_TITLE = 200;

    private final Set<MonitorId> monitors;
    private final Problems problems = new Problems();

    private IncidentSection(Set<MonitorId> monitors) {
        this.monitors = monitors;
    }

    /**
     * The incident {@code node} describes.
     *
     * @param monitors the configured monitor ids, which {@code services} must name
     * @throws ConfigException with every problem of the item
     */
    static Incident read(YamlNode node, Set<MonitorId> monitors) {
        IncidentSection section = new IncidentSection(monitors);
        Optional<Incident> incident = section.incident(node);
        if (!section.problems.isEmpty() || incident.isEmpty()) {
            throw new ConfigException(section.problems.toList());
        }
        return incident.get();
    }

    private Optional<Incident> incident(YamlNode node) {
        Map<String, YamlNode> map = node.entries();
        problems.unknownKeys(map, KEYS);
        IncidentId id = problems.attempt(() -> {
            YamlNode idNode = node.required(map, "id");
            try {
                return IncidentId.of(idNode.text());
            } catch (IllegalArgumentException e) {
                throw idNode.fail(e.getMessage());
            }
        });
        String title = problems.attempt(() -> {
            YamlNode titleNode = node.required(map, "title");
            String text = titleNode.text().strip();
            if (text.length() > MAX_TITLE) {
                throw titleNode.fail("must be at most " + MAX_TITLE + " characters");
            }
            return text;
        });
        Incident.Kind kind = problems.attempt(() -> kind(map.get("kind")));
        Status impact = kind == null ? null : problems.attempt(() -> impact(map.get("impact"), kind));
        List<MonitorId> services = problems.attempt(() -> services(map.get("services")));
        YamlNode startsNode = problems.attempt(() -> node.required(map, "starts"));
        Instant starts = startsNode == null ? null : problems.attempt(() -> instant(startsNode));
        Optional<Instant> ends = Optional.ofNullable(map.get("ends")).filter(n -> !n.isNull()).map(n -> problems.attempt(() -> {
            Instant end = instant(n);
            if (starts != null && !end.isAfter(starts)) {
                throw n.fail("must be after starts (" + starts + ")");
            }
            return end;
        }));
        YamlNode endsNode = map.get("ends");
        if (kind == Incident.Kind.MAINTENANCE && (endsNode == null || endsNode.isNull())) {
            problems.add(node.problem("a maintenance needs 'ends', the end of its window"));
        }
        List<IncidentUpdate> updates = problems.attempt(() -> updates(map.get("updates")));
        if (!problems.isEmpty() || id == null || title == null || kind == null || impact == null || services == null
                || starts == null || updates == null) {
            return Optional.empty();
        }
        Optional<Instant> resolvedAt = ends.isPresent() || kind == Incident.Kind.MAINTENANCE ? ends
                : updates.isEmpty() || updates.getLast().state() != IncidentState.RESOLVED ? Optional.empty()
                : Optional.of(updates.getLast().at());
        try {
            return Optional.of(new Incident(id, kind, title, impact, services, starts, resolvedAt, updates));
        } catch (IllegalArgumentException e) {
            problems.add(map.getOrDefault("updates", node).problem(e.getMessage()));
            return Optional.empty();
        }
    }

    private static Incident.Kind kind(YamlNode node) {
        if (node == null || node.isNull()) {
            return Incident.Kind.MANUAL;
        }
        return switch (node.text().strip()) {
            case "incident" -> Incident.Kind.MANUAL;
            case "maintenance" -> Incident.Kind.MAINTENANCE;
            default -> throw node.fail("'" + node.text() + "' is not a kind; expected incident or maintenance");
        };
    }

    /** Incidents default to down, maintenance to maintenance; maintenance impact is only for maintenance. */
    private static Status impact(YamlNode node, Incident.Kind kind) {
        if (node == null || node.isNull()) {
            return kind == Incident.Kind.MAINTENANCE ? Status.MAINTENANCE : Status.DOWN;
        }
        Status impact = switch (node.text().strip()) {
            case "down" -> Status.DOWN;
            case "degraded" -> Status.DEGRADED;
            case "maintenance" -> Status.MAINTENANCE;
            default -> throw node.fail("'" + node.text() + "' is not an impact; expected down, degraded or maintenance");
        };
        if (impact == Status.MAINTENANCE && kind != Incident.Kind.MAINTENANCE) {
            throw node.fail("impact 'maintenance' is only for kind: maintenance");
        }
        return impact;
    }

    private List<MonitorId> services(YamlNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<MonitorId> services = new ArrayList<>();
        for (YamlNode item : node.items()) {
            problems.attempt(() -> {
                MonitorId id;
                try {
                    id = MonitorId.of(item.text().strip());
                } catch (IllegalArgumentException e) {
                    throw item.fail(e.getMessage());
                }
                if (!monitors.contains(id)) {
                    throw item.fail("unknown monitor '" + id + "'; known monitors: "
                            + String.join(", ", monitors.stream().map(MonitorId::value).sorted().toList()));
                }
                if (services.contains(id)) {
                    throw item.fail("monitor '" + id + "' is listed twice");
                }
                services.add(id);
                return id;
            });
        }
        return services;
    }

    /** The timeline, sorted oldest first (the file may list it either way). */
    private List<IncidentUpdate> updates(YamlNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<IncidentUpdate> updates = new ArrayList<>();
        for (YamlNode item : node.items()) {
            IncidentUpdate update = problems.attempt(() -> {
                Map<String, YamlNode> map = item.entries();
                problems.unknownKeys(map, UPDATE_KEYS);
                Instant at = instant(item.required(map, "at"));
                IncidentState state = state(item.required(map, "state"));
                String message = item.required(map, "message").text().strip();
                return new IncidentUpdate(at, state, message);
            });
            if (update != null) {
                updates.add(update);
            }
        }
        updates.sort(Comparator.comparing(IncidentUpdate::at));
        return updates;
    }

    private static IncidentState state(YamlNode node) {
        String text = node.text().strip();
        for (IncidentState state : IncidentState.values()) {
            if (state.wireName().equals(text)) {
                return state;
            }
        }
        throw node.fail("'" + text + "' is not a state; expected investigating, identified, monitoring or resolved");
    }

    /** An ISO-8601 instant with a zone offset, e.g. {@code 2026-12-01T22:00:00Z} or {@code 2026-12-01T23:00:00+01:00}. */
    private static Instant instant(YamlNode node) {
        String text = node.text().strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw node.fail("'" + text + "' is not an ISO-8601 instant such as 2026-12-01T22:00:00Z");
        }
    }
}
