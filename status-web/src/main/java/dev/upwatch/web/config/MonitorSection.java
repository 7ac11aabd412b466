package dev.upwatch.web.config;

import dev.upwatch.core.model.Condition;
import dev.upwatch.core.condition.ConditionParser;
import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.config.IntRange;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.Placement;
import dev.upwatch.core.model.SlaTarget;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Dependencies;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one item of {@code monitors} (or a monitor of the admin API): the common keys, and every other key as a
 * setting of the probe type, which the type's factory validates. Every problem of the monitor is reported: each
 * common key, the probe's (its factory reports one at a time), and every key nobody read. One instance reads one
 * source, so that a push token used twice in it is found.
 */
final class MonitorSection {
    static final Set<String> KEYS = Set.of("id", "name", "group", "type", "interval", "timeout", "conditions",
            "degraded-above", "failure-threshold", "success-threshold", "degraded-after", "retry-interval", "private",
            "sla", "locations", "quorum", "depends-on", "paused");
    /** Longest monitor name, in characters. */
    static final int MAX_NAME = 200;
    /** Longest group name, in characters. */
    static final int MAX_GROUP = 100;
    /** Most conditions per monitor. */
    static final int MAX_CONDITIONS = 50;
    /** Longest condition, in characters. */
    static final int MAX_CONDITION = 1_000;
    /** The longest interval: a year (a yearly job's push monitor). */
    static final Duration LONGEST = Duration.ofDays(365);
    static final DurationRange INTERVAL = DurationRange.of(Duration.ofSeconds(1), LONGEST);
    /** Positive, and at most the interval (checked apart). */
    static final DurationRange TIMEOUT = DurationRange.of(Duration.ofMillis(1), LONGEST);
    /** 1s to the interval (the upper end checked apart, both with the model's message). */
    static final DurationRange RETRY_INTERVAL = DurationRange.of(Duration.ofSeconds(1), LONGEST);
    static final DurationRange DEGRADED_ABOVE = DurationRange.of(Duration.ofMillis(1), Duration.ofDays(1));
    static final IntRange THRESHOLD = IntRange.of(1, 100);
    /** How many locations must agree on a failure; at most the number of locations listed. */
    static final IntRange QUORUM = IntRange.of(1, 100);
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ProbeRegistry probes;
    /** Most monitors one may depend on. */
    static final int MAX_DEPENDS_ON = 50;
    /** Each monitor's {@code depends-on} list as written, for problems found across monitors. */
    private final Map<MonitorId, ConfigNode> dependsOnNodes = new HashMap<>();
    /** Every id a monitor of this source has, also of monitors with problems (no "unknown id" for those). */
    private final Set<MonitorId> seenIds = new HashSet<>();
    /** Push tokens seen so far in this source, to refuse one token for two monitors. */
    private final Set<String> pushTokens = new HashSet<>();

    MonitorSection(ProbeRegistry probes) {
        this.probes = Objects.requireNonNull(probes, "probes");
    }

    /** The monitor {@code node} describes; empty, with every problem noted, when it has any. */
    Optional<Monitor> read(ConfigReader reader, ConfigNode node) {
        int before = reader.count();
        ConfigMap map = reader.map(node);
        Optional<MonitorId> id = map.required("id", MonitorId::of);
        Optional<String> type = map.required("type").map(text -> text.trim().toLowerCase(Locale.ROOT));
        Optional<ProbeFactory> factory = type.flatMap(name -> {
            Optional<ProbeFactory> found = probes.find(name);
            if (found.isEmpty()) {
                map.report("type", "unknown probe type '" + name + "'; known types: " + String.join(", ", probes.types()));
            }
            return found;
        });
        Optional<ProbeSettings> settings = factory.flatMap(f -> settings(map, f));
        Optional<Duration> givenInterval = map.duration("interval", INTERVAL);
        boolean intervalValid = givenInterval.isPresent() || !map.has("interval");
        Duration interval = givenInterval.orElse(DEFAULT_INTERVAL);
        Duration timeout = map.duration("timeout", TIMEOUT)
                .orElse(interval.compareTo(DEFAULT_TIMEOUT) < 0 ? interval : DEFAULT_TIMEOUT);
        if (intervalValid && timeout.compareTo(interval) > 0) {
            map.report("timeout", "timeout (" + DurationText.format(timeout) + ") must not exceed interval ("
                    + DurationText.format(interval) + ")");
        }
        Optional<Duration> retry = map.duration("retry-interval", DurationRange.of(Duration.ZERO, LONGEST));
        if (intervalValid && retry.isPresent()
                && (retry.get().compareTo(RETRY_INTERVAL.min()) < 0 || retry.get().compareTo(interval) > 0)) {
            map.report("retry-interval", "retry-interval must be between 1s and the interval ("
                    + DurationText.format(interval) + "), got " + DurationText.format(retry.get()));
        }
        Optional<Duration> degradedAbove = map.duration("degraded-above", DEGRADED_ABOVE);
        Optional<String> name = map.text("name");
        if (name.isPresent() && (name.get().isBlank() || name.get().length() > MAX_NAME)) {
            map.report("name", "must be 1 to " + MAX_NAME + " characters");
        }
        String group = map.text("group").orElse(Monitor.DEFAULT_GROUP);
        if (group.isBlank() || group.length() > MAX_GROUP) {
            map.report("group", "must be 1 to " + MAX_GROUP + " characters");
        }
        boolean privateMonitor = map.bool("private", false);
        List<Condition> conditions = factory.map(f -> conditions(map, f)).orElse(List.of());
        boolean push = type.filter(PushSettings.TYPE::equals).isPresent();
        // A push monitor fails only when a push is overdue or says down: no need to wait for a second.
        int failureThreshold = map.integer("failure-threshold", push ? 1 : 2, THRESHOLD);
        int successThreshold = map.integer("success-threshold", 1, THRESHOLD);
        int degradedAfter = map.integer("degraded-after", 1, THRESHOLD);
        Optional<SlaTarget> sla = map.parsed("sla", SlaTarget::parse);
        Placement placement = placement(map);
        id.ifPresent(seenIds::add);
        List<MonitorId> dependsOn = dependsOn(map);
        boolean paused = map.bool("paused", false);
        if (reader.count() > before) {
            return Optional.empty();
        }
        Monitor.Builder builder = Monitor.builder(id.orElseThrow(), name.orElse(id.get().value()),
                        new ProbeSpec(type.orElseThrow(), settings.orElseThrow()))
                .group(group)
                .visibility(privateMonitor ? Visibility.PRIVATE : Visibility.PUBLIC)
                .interval(interval)
                .timeout(timeout)
                .conditions(conditions)
                .failureThreshold(failureThreshold)
                .successThreshold(successThreshold)
                .degradedAfter(degradedAfter)
                .dependsOn(dependsOn)
                .paused(paused);
        map.get("depends-on").ifPresent(list -> dependsOnNodes.put(id.get(), list));
        degradedAbove.ifPresent(builder::degradedAbove);
        retry.ifPresent(builder::retryInterval);
        sla.ifPresent(builder::sla);
        builder.placement(placement);
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            // Every rule of the model is checked above, key by key; this is the model's last word.
            reader.report(node, e.getMessage());
            return Optional.empty();
        }
    }

    /** The ids of {@code depends-on}, each well-formed; whether they name monitors is {@link #checkDependencies}'. */
    private static List<MonitorId> dependsOn(ConfigMap map) {
        List<ConfigNode> items = map.list("depends-on");
        if (items.size() > MAX_DEPENDS_ON) {
            map.report("depends-on", "at most " + MAX_DEPENDS_ON + " monitors, got " + items.size());
            return List.of();
        }
        List<MonitorId> ids = new ArrayList<>();
        items.forEach(item -> map.reader().parsed(item, MonitorId::of).ifPresent(ids::add));
        return ids;
    }

    /**
     * Notes every problem of the {@code depends-on} lists of {@code monitors} (those this section read): an id that
     * is no monitor (at the item), an id named twice, a cycle (at the list of its first monitor, naming the loop).
     */
    void checkDependencies(ConfigReader reader, List<Monitor> monitors) {
        Set<MonitorId> valid = new HashSet<>();
        monitors.forEach(monitor -> valid.add(monitor.id()));
        for (Dependencies.Problem problem : Dependencies.problems(monitors)) {
            if (problem.parent().filter(parent -> !valid.contains(parent) && seenIds.contains(parent)).isPresent()) {
                continue; // that monitor exists but has problems of its own, reported at it
            }
            ConfigNode list = dependsOnNodes.get(problem.monitor());
            if (list == null) {
                continue; // not read by this section
            }
            ConfigNode at = problem.parent().flatMap(parent -> list.items().stream()
                    .filter(item -> item.text().filter(parent.value()::equals).isPresent())
                    .reduce((first, second) -> second)).orElse(list);
            reader.report(at, problem.message());
        }
    }

    /**
     * The probe settings (every key but the common ones), validated by the type's factory; every key the factory did
     * not read is unknown.
     */
    private Optional<ProbeSettings> settings(ConfigMap map, ProbeFactory factory) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        Map<String, Object> values = new LinkedHashMap<>();
        map.entries().forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                values.put(key, reader.plain(value).orElse(null));
            }
        });
        if (reader.count() > before) {
            return Optional.empty();
        }
        ProbeSettings settings = ProbeSettings.of(values);
        try (Probe probe = factory.create(settings)) {
            Objects.requireNonNull(probe, "probe");
        } catch (InvalidSettingException e) {
            ConfigNode at = map.entries().getOrDefault(e.key().split("[.\\[]", 2)[0], map.node());
            reader.report(new ConfigProblem(at.source(), at.line(), ConfigNode.keyPath(map.node().path(), e.key()),
                    e.problem()));
            return Optional.empty();
        } catch (RuntimeException e) {
            // A probe type of a plugin that fails otherwise: still a problem of this monitor, not a crash.
            map.report("type", "the " + factory.type() + " probe refused these settings: " + e);
            return Optional.empty();
        }
        for (String key : settings.unreadKeys()) {
            map.report(key, "unknown key for a " + factory.type() + " monitor; monitor keys are "
                    + String.join(", ", new TreeSet<>(KEYS)) + " plus the probe's settings");
        }
        if (factory.type().equals(PushSettings.TYPE) && !pushTokens.add(PushSettings.read(settings).token())) {
            map.report("token", "another push monitor has the same token; each needs its own");
        }
        return reader.count() > before ? Optional.empty() : Optional.of(settings);
    }

    private List<Condition> conditions(ConfigMap map, ProbeFactory factory) {
        if (!map.has("conditions")) {
            return probes.defaultConditions(factory.type()).stream().map(ConditionParser::parse).toList();
        }
        ConfigReader reader = map.reader();
        List<ConfigNode> items = map.list("conditions");
        if (items.size() > MAX_CONDITIONS) {
            map.report("conditions", "at most " + MAX_CONDITIONS + " conditions, got " + items.size());
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        for (ConfigNode item : items) {
            reader.text(item).ifPresent(text -> {
                if (text.length() > MAX_CONDITION) {
                    reader.report(item, "a condition may be at most " + MAX_CONDITION + " characters");
                    return;
                }
                try {
                    conditions.add(ConditionParser.parse(text));
                } catch (IllegalArgumentException e) {
                    reader.report(item, "bad condition: " + e.getMessage());
                }
            });
        }
        return conditions;
    }

    /** {@code locations} (each once) and {@code quorum} (at most their number); the default when a problem is noted. */
    private static Placement placement(ConfigMap map) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        List<Location> locations = new ArrayList<>();
        for (ConfigNode item : map.list("locations")) {
            reader.parsed(item, Location::of).ifPresent(location -> {
                if (locations.contains(location)) {
                    reader.report(item, "location '" + location + "' is listed twice");
                } else {
                    locations.add(location);
                }
            });
        }
        OptionalInt quorum = map.has("quorum") ? OptionalInt.of(map.integer("quorum", 1, QUORUM)) : OptionalInt.empty();
        if (quorum.isPresent() && !locations.isEmpty() && quorum.getAsInt() > locations.size()) {
            map.report("quorum", "quorum " + quorum.getAsInt() + " exceeds the " + locations.size()
                    + " locations listed");
        }
        return reader.count() > before ? Placement.EVERYWHERE : new Placement(locations, quorum);
    }
}
