package dev.upwatch.core.definition;

import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.MonitorDefinitionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every monitor this instance watches, from both owners: the configuration file's monitors first, in file order,
 * then those created through the admin API, oldest first. The file's monitors are read-only here and change only
 * by reloading the file; the API's are validated by the same rules as the file's ({@link DefinitionFormat}),
 * stored through the {@link MonitorDefinitionStore} and put in force at once by telling the subscribers (the engine).
 * An id belongs to one owner: the API cannot take an id of the file, and a reload that would bring a file monitor
 * onto an API monitor's id is refused.
 *
 * <p>The subscribers get the monitors in display order ({@link #inDisplayOrder}): the stored groups by position, then
 * the groups only named by monitors in order of first appearance, each group's monitors in the order above; so the
 * page and the API list services in that order.
 */
public final class MonitorDefinitions implements ManageDefinitions<Monitor>, MonitorCatalog {
    private static final System.Logger LOG = System.getLogger(MonitorDefinitions.class.getName());

    private final DefinitionFormat<Monitor> format;
    private final DefinitionFile<Monitor> file;
    private final MonitorDefinitionStore store;
    private final DocumentCodec documents;
    private final Clock clock;
    private final List<CatalogueListener<Monitor>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Defined<Monitor>> fromFile;
    private volatile Map<MonitorId, Defined<Monitor>> fromApi;
    private volatile List<MonitorGroup> groups;

    /**
     * Reads the stored API monitors; one that no longer validates, or whose id the file now uses, is left out
     * (and logged) but stays stored.
     *
     * @param inFile the configuration file's monitors the instance started with
     * @param file   the file to re-read on reload
     * @param groups the stored groups, by position (they order the monitors)
     */
    public MonitorDefinitions(DefinitionFormat<Monitor> format, List<Defined<Monitor>> inFile, DefinitionFile<Monitor> file,
                              MonitorDefinitionStore store, List<MonitorGroup> groups, DocumentCodec documents,
                              Clock clock) {
        this.format = Objects.requireNonNull(format, "format");
        this.file = Objects.requireNonNull(file, "file");
        this.store = Objects.requireNonNull(store, "store");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fromFile = List.copyOf(inFile);
        this.groups = List.copyOf(groups);
        Map<MonitorId, Defined<Monitor>> stored = new LinkedHashMap<>();
        for (MonitorDefinition definition : store.all()) {
            try {
                Monitor monitor = format.read(documents.read(definition.document()), List.of(), "stored monitor " + definition.id());
                if (inFile(monitor.id())) {
                    LOG.log(System.Logger.Level.WARNING, "stored monitor " + monitor.id()
                            + " is not watched: the configuration file defines that id and takes precedence");
                    continue;
                }
                stored.put(monitor.id(), defined(monitor, definition));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "stored monitor " + definition.id() + " is not watched: "
                        + format.scrubbed(String.valueOf(e.getMessage())));
            }
        }
        this.fromApi = stored;
    }

    @Override
    public void subscribe(CatalogueListener<Monitor> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public List<Monitor> monitors() {
        return inDisplayOrder(list().stream().map(Defined::value).toList(), groups);
    }

    /**
     * {@code monitors} in display order: those of the {@code stored} groups first, group by group in the given
     * order, then those of groups no stored group names, group by group in order of first appearance; within a
     * group, in the given order.
     */
    public static List<Monitor> inDisplayOrder(List<Monitor> monitors, List<MonitorGroup> stored) {
        Map<String, Integer> rank = new HashMap<>();
        stored.forEach(group -> rank.putIfAbsent(group.name(), rank.size()));
        monitors.forEach(monitor -> rank.putIfAbsent(monitor.group(), rank.size()));
        List<Monitor> sorted = new ArrayList<>(monitors);
        sorted.sort(Comparator.comparingInt(monitor -> rank.get(monitor.group())));
        return List.copyOf(sorted);
    }

    /** Every monitor with its origin: the file's, then the API's. */
    @Override
    public List<Defined<Monitor>> list() {
        List<Defined<Monitor>> all = new ArrayList<>(fromFile);
        all.addAll(fromApi.values());
        return all;
    }

    /**
     * Creates a monitor from a definition of the API, stores it and starts checking it.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException for an invalid definition (every problem, by key)
     * @throws DefinitionRefused when the id is taken
     */
    @Override
    public synchronized Defined<Monitor> create(Map<String, Object> definition) {
        Map<String, Object> keys = format.restored(definition, Map.of());
        Monitor monitor = format.read(keys, List.of(), "request");
        if (inFile(monitor.id()) || fromApi.containsKey(monitor.id())) {
            throw new DefinitionRefused(Refusal.ID_TAKEN, "monitor id '" + monitor.id() + "' is already used"
                    + (inFile(monitor.id()) ? " by the configuration file" : ""));
        }
        checkDependencies(monitor);
        Instant now = clock.instant();
        return put(monitor, new MonitorDefinition(monitor.id(), documents.write(keys), now, now));
    }

    /**
     * Replaces the definition of an API monitor; it keeps its id, state and history. A secret sent back as the
     * mask of the admin answers keeps its stored value ({@link DefinitionFormat#restored}).
     */
    @Override
    public synchronized Defined<Monitor> replace(String id, Map<String, Object> definition) {
        Defined<Monitor> existing = ownedByApi(id);
        StoredDocument before = existing.stored().orElseThrow();
        Map<String, Object> withId = new LinkedHashMap<>(format.restored(definition, documents.read(before.document())));
        Object given = withId.putIfAbsent("id", id);
        if (given != null && !id.equals(given)) {
            throw new DefinitionRefused(Refusal.ID_CHANGED, "the definition's id '" + given
                    + "' differs from the monitor's id '" + id + "'; ids cannot be changed, create a new monitor instead");
        }
        Monitor monitor = format.read(withId, List.of(), "request");
        checkDependencies(monitor);
        return put(monitor, new MonitorDefinition(monitor.id(), documents.write(withId), before.createdAt(), clock.instant()));
    }

    /**
     * The monitor {@code definition} describes, read and checked by the same rules as {@link #create} and
     * {@link #replace} (its {@code depends-on} too), without storing it or putting it in force. For the definition that
     * would replace the API monitor {@code replacing}, secrets given as the admin answers' mask keep their stored values.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException for an invalid definition (every problem, by key)
     */
    public Monitor validated(Map<String, Object> definition, Optional<String> replacing) {
        Map<String, Object> stored = replacing.flatMap(this::find).flatMap(Defined::stored)
                .map(document -> documents.read(document.document())).orElse(Map.of());
        Map<String, Object> keys = format.restored(definition, stored);
        Monitor monitor = format.read(keys, List.of(), "request");
        checkDependencies(monitor);
        return monitor;
    }

    /**
     * Pauses ({@code true}) or resumes an API monitor: its stored definition gets {@code paused: true} (or loses it), so
     * the pause outlives a restart; it keeps its id, state and history. A paused monitor is not checked.
     *
     * @throws DefinitionRefused when the monitor belongs to the file (pause it there with {@code paused: true})
     * @throws NoSuchElementException when there is no such monitor
     */
    public synchronized Defined<Monitor> pause(String id, boolean paused) {
        Defined<Monitor> existing = ownedByApi(id);
        StoredDocument before = existing.stored().orElseThrow();
        Map<String, Object> definition = new LinkedHashMap<>(documents.read(before.document()));
        if (paused) {
            definition.put("paused", true);
        } else {
            definition.remove("paused");
        }
        Monitor monitor = format.read(definition, List.of(), "stored definition");
        return put(monitor, new MonitorDefinition(monitor.id(), documents.write(definition), before.createdAt(),
                clock.instant()));
    }

    /**
     * Refuses a definition whose {@code depends-on} names no monitor, or closes a cycle, among the monitors it would
     * join.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException naming {@code depends-on}
     */
    private void checkDependencies(Monitor monitor) {
        if (monitor.dependsOn().isEmpty()) {
            return;
        }
        List<Monitor> joined = new ArrayList<>(List.of(monitor)); // first: a cycle through it is reported at it
        list().stream().map(Defined::value).filter(other -> !other.id().equals(monitor.id())).forEach(joined::add);
        List<dev.upwatch.core.config.ConfigProblem> problems = dev.upwatch.core.model.Dependencies.problems(joined)
                .stream()
                .filter(problem -> problem.monitor().equals(monitor.id()))
                .map(problem -> new dev.upwatch.core.config.ConfigProblem("request", 0, "depends-on", problem.message()))
                .toList();
        if (!problems.isEmpty()) {
            throw new dev.upwatch.core.config.InvalidConfigException(problems);
        }
    }

    /** Stops checking an API monitor and deletes its definition; its samples stay in storage. */
    @Override
    public synchronized void delete(String id) {
        Defined<Monitor> existing = ownedByApi(id);
        Map<MonitorId, Defined<Monitor>> next = new LinkedHashMap<>(fromApi);
        next.remove(existing.value().id());
        apply(fromFile, next);
        store.delete(existing.value().id());
    }

    /**
     * Re-reads the configuration file and applies its monitors: new ones start, changed ones are updated in place
     * (keeping their history), removed ones stop. Other sections of the file need a restart.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException when the file is invalid (nothing changes)
     * @throws DefinitionRefused     when a file monitor would take an API monitor's id (nothing changes)
     * @throws IllegalStateException when the instance was not started from a file
     */
    public synchronized ReloadResult reload() {
        List<Defined<Monitor>> next = file.read();
        List<String> clashes = next.stream().map(d -> d.value().id()).filter(fromApi::containsKey).map(MonitorId::value).toList();
        if (!clashes.isEmpty()) {
            throw new DefinitionRefused(Refusal.FILE_CLASHES_WITH_API, "the file defines monitors that exist in the admin API: "
                    + String.join(", ", clashes) + "; delete them through the API first, or rename them in the file");
        }
        Map<MonitorId, Monitor> before = new LinkedHashMap<>();
        fromFile.forEach(defined -> before.put(defined.value().id(), defined.value()));
        List<MonitorId> added = new ArrayList<>();
        List<MonitorId> changed = new ArrayList<>();
        int unchanged = 0;
        for (Defined<Monitor> defined : next) {
            Monitor monitor = defined.value();
            Monitor old = before.remove(monitor.id());
            if (old == null) {
                added.add(monitor.id());
            } else if (!old.equals(monitor)) {
                changed.add(monitor.id());
            } else {
                unchanged++;
            }
        }
        apply(next, fromApi);
        ReloadResult result = new ReloadResult(added, changed, List.copyOf(before.keySet()), unchanged);
        LOG.log(System.Logger.Level.INFO, "reloaded the configuration file: " + result);
        return result;
    }

    /**
     * Makes {@code stored} the page order of the groups (by position) and hands the reordered monitors to the
     * subscribers.
     */
    synchronized void arrange(List<MonitorGroup> stored) {
        List<MonitorGroup> previous = groups;
        groups = List.copyOf(stored);
        try {
            apply(fromFile, fromApi);
        } catch (RuntimeException e) {
            groups = previous;
            throw e;
        }
    }

    /**
     * Moves every API monitor of the group {@code from} to the group {@code to} (none: the default group, by
     * dropping the definition's {@code group} key), validated and stored as a replace of each would be, and makes
     * {@code stored} the page order of the groups; the subscribers get both in one change. Nothing changes on failure.
     *
     * @return the ids of the monitors moved
     * @throws DefinitionRefused when monitors of the configuration file are in {@code from} (the file owns them)
     */
    synchronized List<MonitorId> regroup(String from, Optional<String> to, List<MonitorGroup> stored) {
        List<String> inFile = fromFile.stream().map(Defined::value).filter(m -> m.group().equals(from))
                .map(m -> m.id().value()).toList();
        if (!inFile.isEmpty()) {
            throw new DefinitionRefused(Refusal.OWNED_BY_FILE, "the configuration file puts monitors in the group '"
                    + from + "': " + String.join(", ", inFile) + "; change their group in the file and reload");
        }
        Map<MonitorId, Defined<Monitor>> next = new LinkedHashMap<>(fromApi);
        List<MonitorDefinition> before = new ArrayList<>();
        List<MonitorDefinition> after = new ArrayList<>();
        Instant now = clock.instant();
        for (Defined<Monitor> defined : fromApi.values()) {
            if (!defined.value().group().equals(from)) {
                continue;
            }
            StoredDocument stored0 = defined.stored().orElseThrow();
            MonitorDefinition old = new MonitorDefinition(defined.value().id(), stored0.document(), stored0.createdAt(),
                    stored0.updatedAt());
            Map<String, Object> definition = new LinkedHashMap<>(documents.read(old.document()));
            to.ifPresentOrElse(name -> definition.put("group", name), () -> definition.remove("group"));
            Monitor monitor = format.read(definition, List.of(), "stored monitor " + old.id());
            MonitorDefinition moved = new MonitorDefinition(monitor.id(), documents.write(definition), old.createdAt(), now);
            next.put(monitor.id(), defined(monitor, moved));
            before.add(old);
            after.add(moved);
        }
        List<MonitorGroup> previousGroups = groups;
        try {
            after.forEach(store::save);
            groups = List.copyOf(stored);
            apply(fromFile, next);
        } catch (RuntimeException e) {
            groups = previousGroups;
            before.forEach(store::save);
            throw e;
        }
        return after.stream().map(MonitorDefinition::id).toList();
    }

    private Defined<Monitor> put(Monitor monitor, MonitorDefinition definition) {
        Defined<Monitor> defined = defined(monitor, definition);
        Map<MonitorId, Defined<Monitor>> next = new LinkedHashMap<>(fromApi);
        next.put(monitor.id(), defined);
        Optional<MonitorDefinition> previous = store.find(monitor.id());
        store.save(definition);
        try {
            apply(fromFile, next);
        } catch (RuntimeException e) {
            previous.ifPresentOrElse(store::save, () -> store.delete(monitor.id()));
            throw e;
        }
        return defined;
    }

    /** Tells the subscribers the new list first (the engine refuses bad probes), then makes it this state. */
    private void apply(List<Defined<Monitor>> file, Map<MonitorId, Defined<Monitor>> api) {
        List<Monitor> all = new ArrayList<>();
        file.forEach(defined -> all.add(defined.value()));
        api.values().forEach(defined -> all.add(defined.value()));
        List<Monitor> ordered = inDisplayOrder(all, groups);
        listeners.forEach(listener -> listener.changed(ordered));
        fromFile = List.copyOf(file);
        fromApi = api;
    }

    private Defined<Monitor> ownedByApi(String id) {
        Defined<Monitor> existing = find(id).orElseThrow(() -> new NoSuchElementException("no monitor has the id '" + id + "'"));
        if (existing.owner() != Owner.API) {
            throw new DefinitionRefused(Refusal.OWNED_BY_FILE, "monitor '" + id + "' is defined in the configuration"
                    + " file and is read-only here; edit the file and reload");
        }
        return existing;
    }

    private boolean inFile(MonitorId id) {
        return fromFile.stream().anyMatch(defined -> defined.value().id().equals(id));
    }

    private static Defined<Monitor> defined(Monitor monitor, MonitorDefinition definition) {
        return Defined.fromApi(monitor.id().value(), monitor,
                new StoredDocument(definition.document(), definition.createdAt(), definition.updatedAt()));
    }
}
