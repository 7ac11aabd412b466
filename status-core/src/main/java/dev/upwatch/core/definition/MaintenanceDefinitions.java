package dev.upwatch.core.definition;

import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.model.MaintenanceDefinition;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.port.MaintenanceDefinitionStore;
import dev.upwatch.core.port.MonitorCatalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every maintenance window in force, from both owners: the configuration file's first (read-only here, ids
 * {@code config-1}, {@code config-2}, … by position), then those created through the admin API, oldest first. The
 * API's are validated by the file's rules ({@link DefinitionFormat}), stored through the
 * {@link MaintenanceDefinitionStore}, restored at start, and put in force at once by telling the subscribers (the
 * maintenance calendar). Groups named by a window resolve to the monitors in them when the window is written (or
 * restored at start).
 */
public final class MaintenanceDefinitions implements ManageDefinitions<MaintenanceWindow> {
    private static final System.Logger LOG = System.getLogger(MaintenanceDefinitions.class.getName());
    /** The prefix of the ids given to the file's windows. */
    public static final String CONFIG_PREFIX = "config-";

    private final DefinitionFormat<MaintenanceWindow> format;
    private final List<Defined<MaintenanceWindow>> fromFile;
    private final MaintenanceDefinitionStore store;
    private final MonitorCatalog monitors;
    private final DocumentCodec documents;
    private final Clock clock;
    private final List<CatalogueListener<MaintenanceWindow>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Defined<MaintenanceWindow>> fromApi;

    /**
     * Reads the stored windows (one that no longer validates is left out and logged, but stays stored).
     *
     * @param inFile the configuration file's windows, each with its origin; they get the ids {@code config-N}
     */
    public MaintenanceDefinitions(DefinitionFormat<MaintenanceWindow> format, List<Defined<MaintenanceWindow>> inFile,
                                  MaintenanceDefinitionStore store, MonitorCatalog monitors, DocumentCodec documents,
                                  Clock clock) {
        this.format = Objects.requireNonNull(format, "format");
        this.store = Objects.requireNonNull(store, "store");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<Defined<MaintenanceWindow>> numbered = new ArrayList<>();
        for (int i = 0; i < inFile.size(); i++) {
            numbered.add(Defined.fromFile(CONFIG_PREFIX + (i + 1), inFile.get(i).value(), inFile.get(i).origin()));
        }
        this.fromFile = List.copyOf(numbered);
        Map<String, Defined<MaintenanceWindow>> stored = new LinkedHashMap<>();
        for (MaintenanceDefinition definition : store.all()) {
            try {
                MaintenanceWindow window = format.read(documents.read(definition.document()), monitors.monitors(),
                        "stored maintenance window " + definition.id());
                stored.put(definition.id(), defined(window, definition));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "stored maintenance window " + definition.id() + " is not in force: "
                        + format.scrubbed(String.valueOf(e.getMessage())));
            }
        }
        this.fromApi = stored;
    }

    @Override
    public void subscribe(CatalogueListener<MaintenanceWindow> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Every window in force, the file's first: what the maintenance calendar holds. */
    public List<MaintenanceWindow> windows() {
        return list().stream().map(Defined::value).toList();
    }

    /** Every window with its origin, the file's first. */
    @Override
    public List<Defined<MaintenanceWindow>> list() {
        List<Defined<MaintenanceWindow>> all = new ArrayList<>(fromFile);
        all.addAll(fromApi.values());
        return all;
    }

    /**
     * The ids of the API's windows whose stored definition names the group {@code group}: they resolve it again
     * when restored at start, so the group must keep its name and monitors.
     */
    public List<String> namingGroup(String group) {
        return fromApi.values().stream()
                .filter(w -> documents.read(w.stored().orElseThrow().document()).get("groups") instanceof List<?> names
                        && names.contains(group))
                .map(Defined::id).toList();
    }

    /**
     * Creates a window from a definition of the API (its {@code id} plus the keys of a file window), stores it and
     * puts it in force.
     *
     * @throws InvalidConfigException for a missing or malformed id, or an invalid definition (every problem, by key)
     */
    @Override
    public synchronized Defined<MaintenanceWindow> create(Map<String, Object> definition) {
        Map<String, Object> keys = new LinkedHashMap<>(definition);
        Object id = keys.remove("id");
        if (!(id instanceof String text) || !MaintenanceDefinition.VALID_ID.matcher(text).matches()) {
            throw new InvalidConfigException(List.of(new ConfigProblem("request", 0, "id",
                    "required: 1 to 64 characters of a-z 0-9 . _ - starting with a letter or digit")));
        }
        if (text.startsWith(CONFIG_PREFIX) || fromApi.containsKey(text)) {
            throw new DefinitionRefused(Refusal.ID_TAKEN, "maintenance window id '" + text + "' is already used"
                    + (text.startsWith(CONFIG_PREFIX) ? " (config-… ids belong to the configuration file)" : ""));
        }
        MaintenanceWindow window = format.read(keys, monitors.monitors(), "request");
        Instant now = clock.instant();
        return put(defined(window, new MaintenanceDefinition(text, documents.write(keys), now, now)));
    }

    /**
     * The window a definition would make, read by the same rules as {@link #create} (its {@code id} is ignored), without
     * storing it or putting it in force: what a preview of its openings starts from.
     *
     * @throws InvalidConfigException for an invalid definition (every problem, by key)
     */
    public MaintenanceWindow check(Map<String, Object> definition) {
        Map<String, Object> keys = new LinkedHashMap<>(definition);
        keys.remove("id");
        return format.read(keys, monitors.monitors(), "request");
    }

    /** Replaces the definition of an API window. */
    @Override
    public synchronized Defined<MaintenanceWindow> replace(String id, Map<String, Object> definition) {
        Defined<MaintenanceWindow> existing = ownedByApi(id);
        Map<String, Object> keys = new LinkedHashMap<>(definition);
        Object given = keys.remove("id");
        if (given != null && !id.equals(given)) {
            throw new DefinitionRefused(Refusal.ID_CHANGED, "the definition's id '" + given
                    + "' differs from the window's id '" + id + "'; ids cannot be changed, create a new window instead");
        }
        MaintenanceWindow window = format.read(keys, monitors.monitors(), "request");
        StoredDocument before = existing.stored().orElseThrow();
        return put(defined(window, new MaintenanceDefinition(id, documents.write(keys), before.createdAt(), clock.instant())));
    }

    /** Takes an API window out of force and deletes it. */
    @Override
    public synchronized void delete(String id) {
        ownedByApi(id);
        Map<String, Defined<MaintenanceWindow>> next = new LinkedHashMap<>(fromApi);
        next.remove(id);
        apply(next);
        store.delete(id);
    }

    private Defined<MaintenanceWindow> put(Defined<MaintenanceWindow> window) {
        StoredDocument document = window.stored().orElseThrow();
        var previous = store.find(window.id());
        store.save(new MaintenanceDefinition(window.id(), document.document(), document.createdAt(), document.updatedAt()));
        Map<String, Defined<MaintenanceWindow>> next = new LinkedHashMap<>(fromApi);
        next.put(window.id(), window);
        try {
            apply(next);
        } catch (RuntimeException e) {
            previous.ifPresentOrElse(store::save, () -> store.delete(window.id()));
            throw e;
        }
        return window;
    }

    /** Tells the subscribers the new list first, then makes it this state. */
    private void apply(Map<String, Defined<MaintenanceWindow>> api) {
        List<MaintenanceWindow> all = new ArrayList<>();
        fromFile.forEach(defined -> all.add(defined.value()));
        api.values().forEach(defined -> all.add(defined.value()));
        List<MaintenanceWindow> inForce = List.copyOf(all);
        listeners.forEach(listener -> listener.changed(inForce));
        fromApi = api;
    }

    private Defined<MaintenanceWindow> ownedByApi(String id) {
        Defined<MaintenanceWindow> existing = find(id).orElseThrow(() -> new NoSuchElementException(
                "no maintenance window has the id '" + id + "'"));
        if (existing.owner() != Owner.API) {
            throw new DefinitionRefused(Refusal.OWNED_BY_FILE, "maintenance window '" + id + "' is defined in the"
                    + " configuration file and is read-only here; edit the file and restart");
        }
        return existing;
    }

    private static Defined<MaintenanceWindow> defined(MaintenanceWindow window, MaintenanceDefinition definition) {
        return Defined.fromApi(definition.id(), window,
                new StoredDocument(definition.document(), definition.createdAt(), definition.updatedAt()));
    }
}
