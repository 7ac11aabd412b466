package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.port.MaintenanceDefinitionStore;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.web.config.ConfigException;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Every maintenance window in force, from both owners: the configuration file's first (read-only here, ids
 * {@code config-1}, {@code config-2}, … by position), then those created through the admin API, oldest first. The
 * API's are validated by the file's rules ({@link ConfigLoader#readMaintenance}), stored in the database, restored at
 * start, and put in force in the running {@link MaintenanceCalendar} at once. Groups named by a window resolve to the
 * monitors in them when the window is written (or restored at start).
 */
public final class MaintenanceDirectory {
    private static final System.Logger LOG = System.getLogger(MaintenanceDirectory.class.getName());
    /** The prefix of the ids given to the file's windows. */
    static final String CONFIG_PREFIX = "config-";

    private final ConfigLoader loader;
    private final List<MaintenanceWindow> fromFile;
    private final MaintenanceDefinitionStore store;
    private final MaintenanceCalendar calendar;
    private final MonitorDirectory monitors;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile Map<String, ManagedWindow> fromApi;

    /**
     * A window in force and where it comes from.
     *
     * @param id         its id
     * @param window     the validated window
     * @param definition the stored definition, for windows of the API
     */
    public record ManagedWindow(String id, MaintenanceWindow window, Optional<MaintenanceDefinition> definition) {
        public ManagedWindow {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(definition, "definition");
        }

        /** Who owns it. */
        public MonitorSource source() {
            return definition.isPresent() ? MonitorSource.API : MonitorSource.CONFIG;
        }
    }

    /** Reads the stored windows (one that no longer validates is left out and logged, but stays stored). */
    public MaintenanceDirectory(ConfigLoader loader, UpwatchConfig config, MaintenanceDefinitionStore store,
                                MaintenanceCalendar calendar, MonitorDirectory monitors, ObjectMapper json, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.fromFile = List.copyOf(config.maintenance());
        this.store = Objects.requireNonNull(store, "store");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, ManagedWindow> stored = new LinkedHashMap<>();
        for (MaintenanceDefinition definition : store.all()) {
            try {
                MaintenanceWindow window = loader.readMaintenance(DefinitionJson.read(json, definition.document()), monitors.monitors(),
                        "stored maintenance window " + definition.id());
                stored.put(definition.id(), new ManagedWindow(definition.id(), window, Optional.of(definition)));
            } catch (ConfigException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.ERROR, "stored maintenance window " + definition.id() + " is not in force: "
                        + SecretMask.scrubbed(e.getMessage()));
            }
        }
        apply(stored);
    }

    /** Every window with its owner, the file's first. */
    public List<ManagedWindow> managed() {
        List<ManagedWindow> all = new ArrayList<>();
        for (int i = 0; i < fromFile.size(); i++) {
            all.add(new ManagedWindow(CONFIG_PREFIX + (i + 1), fromFile.get(i), Optional.empty()));
        }
        all.addAll(fromApi.values());
        return all;
    }

    /**
     * The ids of the API's windows whose stored definition names the group {@code group}: they resolve it again
     * when restored at start, so the group must keep its name and monitors.
     */
    public List<String> namingGroup(String group) {
        return fromApi.values().stream()
                .filter(w -> DefinitionJson.read(json, w.definition().orElseThrow().document()).get("groups") instanceof List<?> names
                        && names.contains(group))
                .map(ManagedWindow::id).toList();
    }

    /** One window with its owner. */
    public Optional<ManagedWindow> find(String id) {
        return managed().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /**
     * Creates a window from a definition of the API (its {@code id} plus the keys of a file window), stores it and
     * puts it in force.
     *
     * @throws InvalidRequest  for a missing or malformed id
     * @throws ConfigException for an invalid definition (every problem, by key)
     * @throws AdminConflict   when the id is taken
     */
    public synchronized ManagedWindow create(Map<String, Object> definition) {
        Map<String, Object> keys = new LinkedHashMap<>(definition);
        Object id = keys.remove("id");
        if (!(id instanceof String text) || !MaintenanceDefinition.VALID_ID.matcher(text).matches()) {
            throw new InvalidRequest(List.of(new FieldProblem("id",
                    "required: 1 to 64 characters of a-z 0-9 . _ - starting with a letter or digit")));
        }
        if (text.startsWith(CONFIG_PREFIX) || fromApi.containsKey(text)) {
            throw new AdminConflict("maintenance window id '" + text + "' is already used"
                    + (text.startsWith(CONFIG_PREFIX) ? " (config-… ids belong to the configuration file)" : ""));
        }
        MaintenanceWindow window = loader.readMaintenance(keys, monitors.monitors(), "request");
        Instant now = clock.instant();
        return put(new ManagedWindow(text, window, Optional.of(new MaintenanceDefinition(text, DefinitionJson.write(json, keys), now, now))));
    }

    /**
     * Replaces the definition of an API window.
     *
     * @throws ConfigException for an invalid definition
     * @throws AdminConflict   when the window belongs to the file, or the definition names another id
     * @throws NoSuchElementException when there is no such window
     */
    public synchronized ManagedWindow replace(String id, Map<String, Object> definition) {
        ManagedWindow existing = ownedByApi(id);
        Map<String, Object> keys = new LinkedHashMap<>(definition);
        Object given = keys.remove("id");
        if (given != null && !id.equals(given)) {
            throw new AdminConflict("the definition's id '" + given + "' differs from the window's id '" + id
                    + "'; ids cannot be changed, create a new window instead");
        }
        MaintenanceWindow window = loader.readMaintenance(keys, monitors.monitors(), "request");
        MaintenanceDefinition before = existing.definition().orElseThrow();
        return put(new ManagedWindow(id, window,
                Optional.of(new MaintenanceDefinition(id, DefinitionJson.write(json, keys), before.createdAt(), clock.instant()))));
    }

    /**
     * Takes an API window out of force and deletes it.
     *
     * @throws AdminConflict when the window belongs to the file
     * @throws NoSuchElementException when there is no such window
     */
    public synchronized void delete(String id) {
        ownedByApi(id);
        store.delete(id);
        Map<String, ManagedWindow> next = new LinkedHashMap<>(fromApi);
        next.remove(id);
        apply(next);
    }

    private ManagedWindow put(ManagedWindow window) {
        store.save(window.definition().orElseThrow());
        Map<String, ManagedWindow> next = new LinkedHashMap<>(fromApi);
        next.put(window.id(), window);
        apply(next);
        return window;
    }

    private void apply(Map<String, ManagedWindow> api) {
        List<MaintenanceWindow> all = new ArrayList<>(fromFile);
        api.values().forEach(managed -> all.add(managed.window()));
        calendar.replaceWindows(all);
        fromApi = api;
    }

    private ManagedWindow ownedByApi(String id) {
        ManagedWindow existing = find(id).orElseThrow(() -> new NoSuchElementException(
                "no maintenance window has the id '" + id + "'"));
        if (existing.definition().isEmpty()) {
            throw new AdminConflict("maintenance window '" + id + "' is defined in the configuration file and is"
                    + " read-only here; edit the file and restart");
        }
        return existing;
    }


}
