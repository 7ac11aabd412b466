package dev.upwatch.core.definition;

import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.port.GroupCatalog;
import dev.upwatch.core.port.MonitorGroupStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The display groups: those stored through the admin API (name, position, description, collapsed) and those only
 * named by monitors, which show with the defaults after the stored ones. A group is addressed by its name, a URL
 * path segment, so a stored group's name has no {@code /} (the server refuses an encoded one as ambiguous). Creating
 * or changing a group reorders the page at once ({@link MonitorDefinitions#arrange}); renaming one moves the API's
 * monitors of it to the new name ({@link MonitorDefinitions#regroup}), which the configuration file's monitors and the
 * API's maintenance windows that name the group forbid (409).
 */
public final class GroupDefinitions implements GroupCatalog {
    private static final Set<String> FIELDS = Set.of("name", "position", "description", "collapsed");

    private final MonitorGroupStore store;
    private final MonitorDefinitions monitors;
    private final MaintenanceDefinitions maintenance;
    private volatile List<MonitorGroup> stored;

    /**
     * A group as the admin API lists it.
     *
     * @param name     its name
     * @param stored   its stored settings; empty for a group only named by monitors
     * @param monitors its monitors (both owners), in display order
     */
    public record ListedGroup(String name, Optional<MonitorGroup> stored, List<Defined<Monitor>> monitors) {
        public ListedGroup {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stored, "stored");
            monitors = List.copyOf(monitors);
        }
    }

    /** Reads the stored groups; {@code monitors} was built with the same list. */
    public GroupDefinitions(MonitorGroupStore store, MonitorDefinitions monitors, MaintenanceDefinitions maintenance) {
        this.store = Objects.requireNonNull(store, "store");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.stored = store.all();
    }

    @Override
    public List<MonitorGroup> groups() {
        return stored;
    }

    /** Every group, in page order: the stored ones by position, then those only named by monitors. */
    public List<ListedGroup> list() {
        Map<String, List<Defined<Monitor>>> members = new LinkedHashMap<>();
        stored.forEach(group -> members.put(group.name(), new ArrayList<>()));
        Map<dev.upwatch.core.model.MonitorId, Defined<Monitor>> byId = new LinkedHashMap<>();
        monitors.list().forEach(m -> byId.put(m.value().id(), m));
        List<Monitor> ordered = MonitorDefinitions.inDisplayOrder(
                byId.values().stream().map(Defined::value).toList(), stored);
        for (Monitor monitor : ordered) {
            members.computeIfAbsent(monitor.group(), name -> new ArrayList<>()).add(byId.get(monitor.id()));
        }
        List<ListedGroup> listed = new ArrayList<>();
        members.forEach((name, list) -> listed.add(new ListedGroup(name, storedGroup(name), list)));
        return listed;
    }

    /** One group, stored or named by a monitor. */
    public Optional<ListedGroup> find(String name) {
        return list().stream().filter(group -> group.name().equals(name)).findFirst();
    }

    /**
     * Stores a group, or gives a group that monitors already name its settings; {@code position} defaults to after
     * the last stored group.
     *
     * @throws InvalidConfigException for a bad field (every problem, by field)
     * @throws DefinitionRefused  when a group of that name is stored
     */
    public synchronized ListedGroup create(Map<String, Object> body) {
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<String> name = name(body, problems);
        if (name.isEmpty() && problems.isEmpty()) {
            problems.add(problem("name", "is required"));
        }
        MonitorGroup group = read(name.orElse(""), body, nextPosition(), problems);
        if (storedGroup(group.name()).isPresent()) {
            throw new DefinitionRefused(Refusal.ID_TAKEN, "a group named '" + group.name() + "' exists");
        }
        List<MonitorGroup> next = new ArrayList<>(stored);
        next.add(group);
        save(group.name(), group, next);
        return find(group.name()).orElseThrow();
    }

    /**
     * Replaces a group's settings (storing a group that monitors only named); a {@code name} other than the current
     * one renames it and moves the API's monitors of it. Omitted fields: the name and position stay, the description
     * is empty, and the group is not collapsed.
     *
     * @throws InvalidConfigException for a bad field
     * @throws DefinitionRefused  when the new name is taken, or monitors of the file or maintenance windows of the API
     *                        name the group to rename
     * @throws NoSuchElementException when no group has the name
     */
    public synchronized ListedGroup replace(String name, Map<String, Object> body) {
        ListedGroup existing = existing(name);
        List<ConfigProblem> problems = new ArrayList<>();
        String newName = name(body, problems).orElse(name);
        MonitorGroup group = read(newName, body,
                existing.stored().map(MonitorGroup::position).orElseGet(this::nextPosition), problems);
        List<MonitorGroup> next = new ArrayList<>(stored);
        next.removeIf(g -> g.name().equals(name));
        next.add(group);
        if (newName.equals(name)) {
            save(name, group, next);
            return find(newName).orElseThrow();
        }
        if (find(newName).isPresent()) {
            throw new DefinitionRefused(Refusal.ID_TAKEN, "a group named '" + newName + "' exists; renaming onto it is not offered");
        }
        refuseIfMaintenanceNames(name, "renamed");
        List<MonitorGroup> previous = stored;
        store.save(name, group);
        try {
            monitors.regroup(name, Optional.of(newName), sorted(next));
        } catch (RuntimeException e) {
            store.delete(newName);
            previous.stream().filter(g -> g.name().equals(name)).findFirst().ifPresent(g -> store.save(name, g));
            throw e;
        }
        stored = sorted(next);
        return find(newName).orElseThrow();
    }

    /**
     * Deletes a group. A group with monitors is refused unless {@code ungroup}, which moves the API's monitors of it
     * to the default group ({@value Monitor#DEFAULT_GROUP}); monitors of the file still refuse it.
     *
     * @throws DefinitionRefused when monitors are in the group (without {@code ungroup}, or of the file), or maintenance
     *                       windows of the API name it
     * @throws NoSuchElementException when no group has the name
     */
    public synchronized void delete(String name, boolean ungroup) {
        ListedGroup existing = existing(name);
        List<MonitorGroup> next = new ArrayList<>(stored);
        next.removeIf(g -> g.name().equals(name));
        if (existing.monitors().isEmpty() || ungroup && name.equals(Monitor.DEFAULT_GROUP)) {
            monitors.arrange(next); // the default group's monitors stay where they are
        } else if (!ungroup) {
            throw new DefinitionRefused(Refusal.IN_USE, "the group '" + name + "' has monitors: " + String.join(", ", existing.monitors()
                    .stream().map(Defined::id).toList())
                    + "; move them to other groups first, or delete with ?monitors=ungroup to move them to the group '"
                    + Monitor.DEFAULT_GROUP + "'");
        } else {
            refuseIfMaintenanceNames(name, "emptied");
            monitors.regroup(name, Optional.empty(), next);
        }
        store.delete(name);
        stored = List.copyOf(next);
    }

    private void save(String previousName, MonitorGroup group, List<MonitorGroup> next) {
        List<MonitorGroup> order = sorted(next);
        store.save(previousName, group);
        try {
            monitors.arrange(order);
        } catch (RuntimeException e) {
            stored.stream().filter(g -> g.name().equals(previousName)).findFirst()
                    .ifPresentOrElse(g -> store.save(previousName, g), () -> store.delete(group.name()));
            throw e;
        }
        stored = order;
    }

    private void refuseIfMaintenanceNames(String name, String how) {
        List<String> windows = maintenance.namingGroup(name);
        if (!windows.isEmpty()) {
            throw new DefinitionRefused(Refusal.IN_USE, "maintenance windows name the group '" + name + "': " + String.join(", ", windows)
                    + "; it cannot be " + how + " while they do, change them first");
        }
    }

    private ListedGroup existing(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no group is named '" + name + "'"));
    }

    private Optional<MonitorGroup> storedGroup(String name) {
        return stored.stream().filter(group -> group.name().equals(name)).findFirst();
    }

    /** After the last stored group (the list is sorted by position). */
    private int nextPosition() {
        return stored.isEmpty() ? 0 : Math.min(stored.getLast().position() + 1, MonitorGroup.MAX_POSITION);
    }

    private static List<MonitorGroup> sorted(List<MonitorGroup> groups) {
        return groups.stream().sorted(Comparator.comparingInt(MonitorGroup::position).thenComparing(MonitorGroup::name))
                .toList();
    }

    /** The {@code name} field, if given and valid. */
    private static Optional<String> name(Map<String, Object> body, List<ConfigProblem> problems) {
        Object value = body.get("name");
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String name) || name.isBlank() || name.length() > MonitorGroup.MAX_NAME
                || !name.equals(name.strip()) || name.chars().anyMatch(Character::isISOControl) || name.contains("/")) {
            problems.add(problem("name", "must be a string of 1 to " + MonitorGroup.MAX_NAME
                    + " characters without '/' (the name is a URL path segment), surrounding spaces or control characters"));
            return Optional.empty();
        }
        return Optional.of(name);
    }

    /** The group of {@code body}; throws with every problem, {@code problems} included. */
    private static MonitorGroup read(String name, Map<String, Object> body, int defaultPosition,
                                     List<ConfigProblem> problems) {
        body.keySet().stream().filter(key -> !FIELDS.contains(key)).sorted()
                .forEach(key -> problems.add(problem(key, "unknown field; known are collapsed, description, name, position")));
        int position = defaultPosition;
        Object given = body.get("position");
        if (given != null) {
            if (given instanceof Integer || given instanceof Long) {
                long value = ((Number) given).longValue();
                if (value >= 0 && value <= MonitorGroup.MAX_POSITION) {
                    position = (int) value;
                } else {
                    problems.add(problem("position", "must be 0 to " + MonitorGroup.MAX_POSITION));
                }
            } else {
                problems.add(problem("position", "must be a whole number from 0 to " + MonitorGroup.MAX_POSITION));
            }
        }
        String description = "";
        Object text = body.get("description");
        if (text != null) {
            if (text instanceof String s && s.length() <= MonitorGroup.MAX_DESCRIPTION) {
                description = s;
            } else {
                problems.add(problem("description", "must be a string of at most "
                        + MonitorGroup.MAX_DESCRIPTION + " characters"));
            }
        }
        boolean collapsed = false;
        Object flag = body.get("collapsed");
        if (flag != null) {
            if (flag instanceof Boolean b) {
                collapsed = b;
            } else {
                problems.add(problem("collapsed", "must be true or false"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new MonitorGroup(name, position, description, collapsed);
    }

    private static ConfigProblem problem(String field, String message) {
        return new ConfigProblem("request", 0, field, message);
    }
}
