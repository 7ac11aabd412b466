package dev.upwatch.core.model;


import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which monitors depend on which ({@code depends-on}), and the rule that follows: while a monitor's parent (or any
 * monitor further up) is DOWN, its own failures are that parent's outage. The configuration is checked with
 * {@link #problems}; built from monitors that still name an unknown id or form a cycle (a monitor of the admin API),
 * the graph ignores the unknown ids and walks each cycle once, so it never loops.
 */
public final class Dependencies {
    /** A graph without edges. */
    public static final Dependencies NONE = new Dependencies(Map.of());

    /** Longest list of names in one line; the rest are counted ({@code +12 more}). */
    private static final int NAMES_SHOWN = 10;

    private final Map<MonitorId, Monitor> monitors;
    private final Map<MonitorId, List<Monitor>> children = new HashMap<>();

    private Dependencies(Map<MonitorId, Monitor> monitors) {
        this.monitors = monitors;
        for (Monitor monitor : monitors.values()) {
            for (MonitorId parent : monitor.dependsOn()) {
                if (monitors.containsKey(parent) && !parent.equals(monitor.id())) {
                    children.computeIfAbsent(parent, id -> new ArrayList<>()).add(monitor);
                }
            }
        }
    }

    /** The graph of {@code monitors}' {@code depends-on} lists. */
    public static Dependencies of(List<Monitor> monitors) {
        Map<MonitorId, Monitor> byId = new LinkedHashMap<>();
        monitors.forEach(monitor -> byId.put(monitor.id(), monitor));
        return byId.values().stream().allMatch(m -> m.dependsOn().isEmpty()) ? NONE : new Dependencies(byId);
    }

    /** A problem of one monitor's {@code depends-on}. */
    public record Problem(MonitorId monitor, Optional<MonitorId> parent, String message) {
        public Problem {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * What is wrong with the {@code depends-on} lists of {@code monitors}: an id that is no monitor (with that id as
     * {@code parent}), an id named twice, and every cycle (reported once, at its first monitor in list order, naming
     * the whole loop, e.g. {@code depends-on forms a cycle: a -> b -> a}).
     */
    public static List<Problem> problems(List<Monitor> monitors) {
        Map<MonitorId, Monitor> byId = new LinkedHashMap<>();
        monitors.forEach(monitor -> byId.put(monitor.id(), monitor));
        List<Problem> problems = new ArrayList<>();
        for (Monitor monitor : monitors) {
            Set<MonitorId> seen = new LinkedHashSet<>();
            for (MonitorId parent : monitor.dependsOn()) {
                if (!seen.add(parent)) {
                    problems.add(new Problem(monitor.id(), Optional.of(parent), "'" + parent.value()
                            + "' is named twice"));
                } else if (!byId.containsKey(parent)) {
                    problems.add(new Problem(monitor.id(), Optional.of(parent), "unknown monitor id '"
                            + parent.value() + "'"));
                }
            }
        }
        Set<MonitorId> inCycle = new LinkedHashSet<>();
        for (Monitor monitor : monitors) {
            if (inCycle.contains(monitor.id())) {
                continue;
            }
            cycleFrom(monitor.id(), byId).ifPresent(loop -> {
                inCycle.addAll(loop);
                List<String> names = new ArrayList<>(loop.stream().map(MonitorId::value).toList());
                names.add(monitor.id().value());
                problems.add(new Problem(monitor.id(), Optional.empty(), "depends-on forms a cycle: "
                        + String.join(" -> ", names)));
            });
        }
        return problems;
    }

    /** The path of a cycle through {@code start} (starting with it), if {@code start} lies on one. */
    private static Optional<List<MonitorId>> cycleFrom(MonitorId start, Map<MonitorId, Monitor> byId) {
        // Depth-first over parents, keeping the path; a path back to start is a cycle through it.
        Deque<List<MonitorId>> paths = new ArrayDeque<>();
        paths.push(List.of(start));
        Set<MonitorId> visited = new java.util.HashSet<>();
        while (!paths.isEmpty()) {
            List<MonitorId> path = paths.pop();
            Monitor last = byId.get(path.getLast());
            if (last == null) {
                continue;
            }
            for (MonitorId parent : last.dependsOn()) {
                if (parent.equals(start)) {
                    return Optional.of(path);
                }
                if (byId.containsKey(parent) && visited.add(parent)) {
                    List<MonitorId> longer = new ArrayList<>(path);
                    longer.add(parent);
                    paths.push(longer);
                }
            }
        }
        return Optional.empty();
    }

    /** True when no monitor depends on another. */
    public boolean isEmpty() {
        return children.isEmpty();
    }

    /** Every monitor that depends on {@code id}, directly or through others, nearest first; each once. */
    public List<Monitor> dependents(MonitorId id) {
        Map<MonitorId, Monitor> found = new LinkedHashMap<>();
        Deque<MonitorId> next = new ArrayDeque<>(List.of(id));
        while (!next.isEmpty()) {
            for (Monitor child : children.getOrDefault(next.poll(), List.of())) {
                if (!child.id().equals(id) && found.putIfAbsent(child.id(), child) == null) {
                    next.add(child.id());
                }
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The monitor whose outage {@code id}'s failures belong to: of the monitors {@code id} depends on, directly or
     * through others, the first (nearest first) that is {@code out} while nothing it depends on is; empty when none
     * is.
     *
     * @param out whether a monitor is out now (DOWN, or for the notifications also failing on its way to DOWN)
     */
    public Optional<Monitor> outAncestor(MonitorId id, Predicate<MonitorId> out) {
        for (Monitor ancestor : ancestors(id)) {
            if (out.test(ancestor.id()) && ancestors(ancestor.id()).stream().noneMatch(above -> out.test(above.id()))) {
                return Optional.of(ancestor);
            }
        }
        return Optional.empty();
    }

    /** Every monitor {@code id} depends on, directly or through others, nearest first; each once, never itself. */
    List<Monitor> ancestors(MonitorId id) {
        Map<MonitorId, Monitor> found = new LinkedHashMap<>();
        Deque<MonitorId> next = new ArrayDeque<>(List.of(id));
        while (!next.isEmpty()) {
            Monitor monitor = monitors.get(next.poll());
            if (monitor == null) {
                continue;
            }
            for (MonitorId parent : monitor.dependsOn()) {
                Monitor known = monitors.get(parent);
                if (known != null && !parent.equals(id) && found.putIfAbsent(parent, known) == null) {
                    next.add(parent);
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Names for a notification, e.g. {@code API, Web, DB +17 more}. */
    public static String names(List<Monitor> monitors) {
        List<String> shown = monitors.stream().limit(NAMES_SHOWN).map(Monitor::name).toList();
        String text = String.join(", ", shown);
        return monitors.size() > NAMES_SHOWN ? text + " +" + (monitors.size() - NAMES_SHOWN) + " more" : text;
    }
}
