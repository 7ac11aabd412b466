package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorDefinition;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.MonitorCatalog;
import dev.upwatch.core.port.MonitorDefinitionStore;
import dev.upwatch.core.rule.Dependencies;
import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.web.config.ConfigException;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every monitor this instance watches, from both owners: the configuration file's monitors first, in file order,
 * then those created through the admin API, oldest first. The file's monitors are read-only here and change only
 * by reloading the file; the API's are validated by the same rules as the file's ({@link ConfigLoader#readMonitor}),
 * stored in the database and handed to the running engine at once. An id belongs to one owner: the API cannot
 * take an id of the file, and a reload that would bring a file monitor onto an API monitor's id is refused.
 *
 * <p>The engine gets the monitors in display order ({@link #inDisplayOrder}): the stored groups by position, then
 * the groups only named by monitors in order of first appearance, each group's monitors in the order above; so the
 * page and the API list services in that order.
 */
public final class MonitorDirectory implements MonitorCatalog {
    private static final System.Logger LOG = System.getLogger(MonitorDirectory.class.getName());

    private final ConfigLoader loader;
    private final Optional<Path> configFile;
    private final MonitorDefinitionStore store;
    private final Supplier<UpwatchEngine> engine;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile List<Monitor> fromFile;
    private volatile Map<MonitorId, ManagedMonitor> fromApi;
    private volatile List<MonitorGroup> groups;

    /**
     * Reads the stored API monitors; one that no longer validates, or whose id the file now uses, is left out
     * (and logged) but stays stored.
     *
     * @param config     the configuration the instance started with
     * @param configFile the file to re-read on reload, if the configuration came from one
     * @param groups     the stored groups, by position (they order the monitors)
     * @param engine     the engine, wanted only once it runs (it is built from this catalogue)
     */
    public MonitorDirectory(ConfigLoader loader, UpwatchConfig config, Optional<Path> configFile,
                            MonitorDefinitionStore store, List<MonitorGroup> groups, Supplier<UpwatchEngine> engine,
                            ObjectMapper json, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.store = Objects.requireNonNull(store, "store");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fromFile = List.copyOf(config.monitors());
        this.groups = List.copyOf(groups);
        Map<MonitorId, ManagedMonitor> stored = new LinkedHashMap<>();
        for (MonitorDefinition definition : store.all()) {
            try {
                Monitor monitor = loader.readMonitor(DefinitionJson.read(json, definition.document()), "stored monitor " + definition.id());
                if (inFile(monitor.id())) {
                    LOG.log(System.Logger.Level.WARNING, "stored monitor " + monitor.id()
                            + " is not watched: the configuration file defines that id and takes precedence");
                    continue;
                }
                stored.put(monitor.id(), new ManagedMonitor(monitor, MonitorSource.API, Optional.of(definition)));
            } catch (ConfigException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.ERROR, "stored monitor " + definition.id() + " is not watched: "
                        + SecretMask.scrubbed(e.getMessage()));
            }
        }
        this.fromApi = stored;
    }

    /** The configuration file this instance reloads, if it was started from one. */
    public static Optional<Path> fileOf(UpwatchConfig config) {
        Path path = Path.of(config.source());
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public List<Monitor> monitors() {
        return inDisplayOrder(managed().stream().map(ManagedMonitor::monitor).toList(), groups);
    }

    /**
     * {@code monitors} in display order: those of the {@code stored} groups first, group by group in the given
     * order, then those of groups no stored group names, group by group in order of first appearance; within a
     * group, in the given order.
     */
    static List<Monitor> inDisplayOrder(List<Monitor> monitors, List<MonitorGroup> stored) {
        Map<String, Integer> rank = new HashMap<>();
        stored.forEach(group -> rank.putIfAbsent(group.name(), rank.size()));
        monitors.forEach(monitor -> rank.putIfAbsent(monitor.group(), rank.size()));
        List<Monitor> sorted = new ArrayList<>(monitors);
        sorted.sort(Comparator.comparingInt(monitor -> rank.get(monitor.group())));
        return List.copyOf(sorted);
    }

    /** Every monitor with its owner, in display order. */
    public List<ManagedMonitor> managed() {
        List<ManagedMonitor> all = new ArrayList<>();
        fromFile.forEach(monitor -> all.add(new ManagedMonitor(monitor, MonitorSource.CONFIG, Optional.empty())));
        all.addAll(fromApi.values());
        return all;
    }

    /** One monitor with its owner. */
    public Optional<ManagedMonitor> find(String id) {
        return managed().stream().filter(m -> m.monitor().id().value().equals(id)).findFirst();
    }

    /**
     * Creates a monitor from a definition of the API, stores it and starts checking it.
     *
     * @throws ConfigException for an invalid definition (every problem, by key)
     * @throws InvalidRequest  when a secret is the mask of the admin answers rather than the secret
     * @throws AdminConflict   when the id is taken
     */
    public synchronized ManagedMonitor create(Map<String, Object> definition) {
        SecretMask.restored(definition, Map.of());
        Monitor monitor = loader.readMonitor(definition, "request");
        if (inFile(monitor.id()) || fromApi.containsKey(monitor.id())) {
            throw new AdminConflict("monitor id '" + monitor.id() + "' is already used"
                    + (inFile(monitor.id()) ? " by the configuration file" : ""));
        }
        checkDependencies(monitor);
        Instant now = clock.instant();
        return put(monitor, new MonitorDefinition(monitor.id(), DefinitionJson.write(json, definition), now, now));
    }

    /**
     * Replaces the definition of an API monitor; it keeps its id, state and history. A secret sent back as the
     * mask of the admin answers keeps its stored value ({@link SecretMask}).
     *
     * @throws ConfigException for an invalid definition
     * @throws AdminConflict   when the monitor belongs to the file, or the definition names another id
     * @throws java.util.NoSuchElementException when there is no such monitor
     */
    public synchronized ManagedMonitor replace(String id, Map<String, Object> definition) {
        ManagedMonitor existing = ownedByApi(id);
        MonitorDefinition before = existing.definition().orElseThrow();
        Map<String, Object> withId = new LinkedHashMap<>(SecretMask.restored(definition, DefinitionJson.read(json, before.document())));
        Object given = withId.putIfAbsent("id", id);
        if (given != null && !id.equals(given)) {
            throw new AdminConflict("the definition's id '" + given + "' differs from the monitor's id '" + id
                    + "'; ids cannot be changed, create a new monitor instead");
        }
        Monitor monitor = loader.readMonitor(withId, "request");
        checkDependencies(monitor);
        return put(monitor, new MonitorDefinition(monitor.id(), DefinitionJson.write(json, withId), before.createdAt(), clock.instant()));
    }

    /**
     * Pauses ({@code true}) or resumes an API monitor: its stored definition gets {@code paused: true} (or loses it), so
     * the pause outlives a restart; it keeps its id, state and history. A paused monitor is not checked.
     *
     * @throws AdminConflict when the monitor belongs to the file (pause it there with {@code paused: true})
     * @throws java.util.NoSuchElementException when there is no such monitor
     */
    public synchronized ManagedMonitor pause(String id, boolean paused) {
        ManagedMonitor existing = ownedByApi(id);
        MonitorDefinition before = existing.definition().orElseThrow();
        Map<String, Object> definition = new LinkedHashMap<>(DefinitionJson.read(json, before.document()));
        if (paused) {
            definition.put("paused", true);
        } else {
            definition.remove("paused");
        }
        Monitor monitor = loader.readMonitor(definition, "stored definition");
        return put(monitor, new MonitorDefinition(monitor.id(), DefinitionJson.write(json, definition),
                before.createdAt(), clock.instant()));
    }

    /**
     * Refuses a definition whose {@code depends-on} names no monitor, or closes a cycle, among the monitors it would
     * join.
     *
     * @throws ConfigException naming {@code depends-on}
     */
    private void checkDependencies(Monitor monitor) {
        if (monitor.dependsOn().isEmpty()) {
            return;
        }
        List<Monitor> joined = new ArrayList<>(List.of(monitor)); // first: a cycle through it is reported at it
        managed().stream().map(ManagedMonitor::monitor).filter(other -> !other.id().equals(monitor.id()))
                .forEach(joined::add);
        List<ConfigProblem> problems = Dependencies.problems(joined).stream()
                .filter(problem -> problem.monitor().equals(monitor.id()))
                .map(problem -> new ConfigProblem("request", 0, "depends-on", problem.message()))
                .toList();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * Stops checking an API monitor and deletes its definition; its samples stay in storage.
     *
     * @throws AdminConflict when the monitor belongs to the file
     * @throws java.util.NoSuchElementException when there is no such monitor
     */
    public synchronized void delete(String id) {
        ManagedMonitor existing = ownedByApi(id);
        Map<MonitorId, ManagedMonitor> next = new LinkedHashMap<>(fromApi);
        next.remove(existing.monitor().id());
        apply(fromFile, next);
        store.delete(existing.monitor().id());
    }

    /**
     * Re-reads the configuration file and applies its monitors: new ones start, changed ones are updated in place
     * (keeping their history), removed ones stop. Other sections of the file need a restart.
     *
     * @throws ConfigException       when the file is invalid (nothing changes)
     * @throws AdminConflict         when a file monitor would take an API monitor's id (nothing changes)
     * @throws IllegalStateException when the instance was not started from a file
     */
    public synchronized ReloadResult reload() {
        Path file = configFile.orElseThrow(() -> new IllegalStateException(
                "this instance was not started from a configuration file; there is nothing to reload"));
        List<Monitor> next = loader.load(file).monitors();
        List<String> clashes = next.stream().map(Monitor::id).filter(fromApi::containsKey).map(MonitorId::value).toList();
        if (!clashes.isEmpty()) {
            throw new AdminConflict("the file defines monitors that exist in the admin API: " + String.join(", ", clashes)
                    + "; delete them through the API first, or rename them in the file");
        }
        Map<MonitorId, Monitor> before = new LinkedHashMap<>();
        fromFile.forEach(monitor -> before.put(monitor.id(), monitor));
        List<MonitorId> added = new ArrayList<>();
        List<MonitorId> changed = new ArrayList<>();
        int unchanged = 0;
        for (Monitor monitor : next) {
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
        LOG.log(System.Logger.Level.INFO, "reloaded " + file + ": " + result);
        return result;
    }

    /**
     * Makes {@code stored} the page order of the groups (by position) and hands the reordered monitors to the engine.
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
     * {@code stored} the page order of the groups; the engine gets both in one change. Nothing changes on failure.
     *
     * @return the ids of the monitors moved
     * @throws AdminConflict when monitors of the configuration file are in {@code from} (the file owns them)
     */
    synchronized List<MonitorId> regroup(String from, Optional<String> to, List<MonitorGroup> stored) {
        List<String> inFile = fromFile.stream().filter(m -> m.group().equals(from)).map(m -> m.id().value()).toList();
        if (!inFile.isEmpty()) {
            throw new AdminConflict("the configuration file puts monitors in the group '" + from + "': "
                    + String.join(", ", inFile) + "; change their group in the file and reload");
        }
        Map<MonitorId, ManagedMonitor> next = new LinkedHashMap<>(fromApi);
        List<MonitorDefinition> before = new ArrayList<>();
        List<MonitorDefinition> after = new ArrayList<>();
        Instant now = clock.instant();
        for (ManagedMonitor managed : fromApi.values()) {
            if (!managed.monitor().group().equals(from)) {
                continue;
            }
            MonitorDefinition old = managed.definition().orElseThrow();
            Map<String, Object> definition = new LinkedHashMap<>(DefinitionJson.read(json, old.document()));
            to.ifPresentOrElse(name -> definition.put("group", name), () -> definition.remove("group"));
            Monitor monitor = loader.readMonitor(definition, "stored monitor " + old.id());
            MonitorDefinition moved = new MonitorDefinition(monitor.id(), DefinitionJson.write(json, definition), old.createdAt(), now);
            next.put(monitor.id(), new ManagedMonitor(monitor, MonitorSource.API, Optional.of(moved)));
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

    private ManagedMonitor put(Monitor monitor, MonitorDefinition definition) {
        ManagedMonitor managed = new ManagedMonitor(monitor, MonitorSource.API, Optional.of(definition));
        Map<MonitorId, ManagedMonitor> next = new LinkedHashMap<>(fromApi);
        next.put(monitor.id(), managed);
        Optional<MonitorDefinition> previous = store.find(monitor.id());
        store.save(definition);
        try {
            apply(fromFile, next);
        } catch (RuntimeException e) {
            previous.ifPresentOrElse(store::save, () -> store.delete(monitor.id()));
            throw e;
        }
        return managed;
    }

    /** Hands the engine the new list first (it refuses bad probes), then makes it this directory's state. */
    private void apply(List<Monitor> file, Map<MonitorId, ManagedMonitor> api) {
        List<Monitor> all = new ArrayList<>(file);
        api.values().forEach(managed -> all.add(managed.monitor()));
        engine.get().updateMonitors(inDisplayOrder(all, groups));
        fromFile = List.copyOf(file);
        fromApi = api;
    }

    private ManagedMonitor ownedByApi(String id) {
        ManagedMonitor existing = find(id).orElseThrow(() -> new java.util.NoSuchElementException("no monitor has the id '" + id + "'"));
        if (existing.source() != MonitorSource.API) {
            throw new AdminConflict("monitor '" + id + "' is defined in the configuration file and is read-only here;"
                    + " edit the file and reload");
        }
        return existing;
    }

    private boolean inFile(MonitorId id) {
        return fromFile.stream().anyMatch(monitor -> monitor.id().equals(id));
    }


}
