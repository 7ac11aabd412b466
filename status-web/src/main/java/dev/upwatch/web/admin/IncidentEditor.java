package dev.upwatch.web.admin;

import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.IncidentId;
import dev.upwatch.core.model.IncidentState;
import dev.upwatch.core.model.IncidentUpdate;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.service.IncidentService;
import dev.upwatch.web.config.ConfigLoader;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes manual incidents and their timeline with the configuration file's rules ({@code starts} and an update's
 * {@code at} default to now): the one place behind the admin API and the console. Problems are thrown as
 * {@link InvalidRequest} (by field), {@link dev.upwatch.core.config.InvalidConfigException} (by key),
 * {@link AdminConflict} or {@link NoSuchElementException}; {@link #problems} turns the first two into fields.
 */
public final class IncidentEditor {
    /** Longest update message, in characters. */
    public static final int MAX_MESSAGE = 4_000;

    private final IncidentService incidents;
    private final MonitorCatalog directory;
    private final ConfigLoader loader;
    private final Clock clock;

    @Inject
    public IncidentEditor(IncidentService incidents, MonitorCatalog directory, ConfigLoader loader, Clock clock) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a write did. */
    public record Written(Incident incident, boolean created) {
    }

    /** Creates or replaces the manual incident or notice {@code definition} describes (its keys as in the file). */
    public Written put(Map<String, Object> given) {
        Map<String, Object> definition = new LinkedHashMap<>(given);
        String now = now().toString();
        definition.putIfAbsent("starts", now);
        if (definition.get("updates") instanceof List<?> updates) {
            List<Object> stamped = new ArrayList<>();
            for (Object update : updates) {
                if (update instanceof Map<?, ?> map && !map.containsKey("at")) {
                    Map<Object, Object> withAt = new LinkedHashMap<>(map);
                    withAt.put("at", now);
                    stamped.add(withAt);
                } else {
                    stamped.add(update);
                }
            }
            definition.put("updates", stamped);
        }
        Set<MonitorId> monitors = directory.monitors().stream().map(Monitor::id).collect(Collectors.toSet());
        Incident incident = loader.readIncident(definition, monitors, "request");
        boolean existed = find(incident.id().value()).isPresent();
        write(incident);
        return new Written(incident, !existed);
    }

    /**
     * Appends one update ({@code state}, {@code message}) to the timeline, posted now; {@code resolved} resolves the
     * incident now.
     */
    public Incident post(String id, Map<String, Object> update) {
        List<FieldProblem> problems = new ArrayList<>();
        update.keySet().stream().filter(key -> !key.equals("state") && !key.equals("message"))
                .forEach(key -> problems.add(new FieldProblem(key, "unknown key; expected message, state")));
        IncidentState state = null;
        try {
            state = IncidentState.valueOf(String.valueOf(update.get("state")).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("state", "must be one of investigating, identified, monitoring, resolved"));
        }
        String message = update.get("message") instanceof String text ? text.strip() : "";
        if (message.isEmpty() || message.length() > MAX_MESSAGE) {
            problems.add(new FieldProblem("message", "is required, 1 to " + MAX_MESSAGE + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
        Incident incident = find(id).orElseThrow(() -> new NoSuchElementException("no incident has the id '" + id + "'"));
        Instant now = now();
        if (!incident.isActiveAt(now)) {
            throw new AdminConflict("incident " + id + " is resolved; its timeline is closed");
        }
        Instant at = now.isBefore(incident.startedAt()) ? incident.startedAt() : now;
        Incident next = state == IncidentState.RESOLVED ? incident.resolved(at, message)
                : incident.withUpdate(new IncidentUpdate(at, state, message));
        write(next);
        return next;
    }

    /** The incident {@code id}, whatever its kind; empty for an unknown or malformed id. */
    public Optional<Incident> find(String id) {
        try {
            return incidents.find(IncidentId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code incident} may be changed here: manual or a notice, and not the file's. */
    public boolean writable(Incident incident) {
        return incident.kind() != Incident.Kind.AUTOMATIC && !incidents.isConfigured(incident.id());
    }

    /** The field problems {@code e} carries, if it is a refusal by field. */
    public static Optional<List<FieldProblem>> problems(RuntimeException e) {
        if (e instanceof InvalidRequest invalid) {
            return Optional.of(invalid.problems());
        }
        if (e instanceof dev.upwatch.core.config.InvalidConfigException invalid) {
            return Optional.of(FieldProblem.of(invalid));
        }
        return Optional.empty();
    }

    private void write(Incident incident) {
        try {
            incidents.write(incident);
        } catch (IllegalArgumentException e) {
            throw new AdminConflict(e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
