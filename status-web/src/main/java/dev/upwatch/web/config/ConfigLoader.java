package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.config.IntRange;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.port.RecurrenceParser;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.calendar.Recurrences;
import dev.upwatch.notify.ChannelReader;
import dev.upwatch.notify.ChannelSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads and validates the configuration: the YAML file ({@link YamlDocument} makes it a {@link ConfigNode} tree), and
 * single definitions of the admin API given as the plain values of a JSON object (the same tree, without lines). One
 * reader per section does the work: {@link ServerSection}, {@link StorageSection}, {@link PageSection},
 * {@link PagesSection}, {@link MonitorSection}, {@link ChannelReader} (status-notify's, for {@code notifications}),
 * {@link IncidentSection}, {@link MaintenanceSection}, {@link LoggingSection}, {@link SecuritySection},
 * {@link ClusterSection}. Every problem is reported with source,
 * line and key path, all at once; a source with any problem yields nothing.
 */
public final class ConfigLoader {
    private static final Set<String> TOP_LEVEL = Set.of("server", "storage", "page", "monitors", "notifications",
            "incidents", "maintenance", "logging", "security", "pages", "cluster", "subscriptions");

    private final ProbeRegistry probes;
    private final RecurrenceParser recurrences;
    private final Map<String, String> environment;

    /**
     * Every key the loader accepts, by section: {@code ""} is the top level, {@code monitors} the keys common to all
     * monitors (each probe type adds its own settings), {@code page.links} the keys of one link. A test keeps
     * docs/configuration.md in step with this map.
     */
    static Map<String, Set<String>> acceptedKeys() {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        keys.put("", TOP_LEVEL);
        keys.put("server", ServerSection.KEYS);
        keys.put("server.auth", ServerSection.AUTH_KEYS);
        keys.put("server.auth.tokens", ServerSection.TOKEN_KEYS);
        keys.put("server.auth.basic", ServerSection.BASIC_KEYS);
        keys.put("storage", StorageSection.KEYS);
        keys.put("storage.rollup-retention", StorageSection.ROLLUP_RETENTION_KEYS);
        keys.put("page", PageSection.KEYS);
        keys.put("page.links", PageSection.LINK_KEYS);
        keys.put("pages", PagesSection.KEYS);
        keys.put("pages.private", PagesSection.PRIVATE_KEYS);
        keys.put("pages.private.users", PagesSection.USER_KEYS);
        keys.put("pages.secret-link", PagesSection.SECRET_LINK_KEYS);
        keys.put("monitors", MonitorSection.KEYS);
        keys.put("notifications", ChannelReader.KEYS);
        keys.put("incidents", IncidentSection.KEYS);
        keys.put("incidents.updates", IncidentSection.UPDATE_KEYS);
        keys.put("maintenance", MaintenanceSection.KEYS);
        keys.put("logging", LoggingSection.KEYS);
        keys.put("security", SecuritySection.KEYS);
        keys.put("security.egress", SecuritySection.EGRESS_KEYS);
        keys.put("cluster", ClusterSection.KEYS);
        keys.put("subscriptions", SubscriptionSection.KEYS);
        return keys;
    }

    /**
     * The range of every number and duration key ({@link DurationRange} or {@link IntRange}), by key path as in
     * {@link #acceptedKeys()}: {@code monitors.interval}. A test keeps docs/configuration.md in step with it.
     */
    static Map<String, Object> ranges() {
        Map<String, Object> ranges = new LinkedHashMap<>();
        ranges.put("server.port", ServerSection.PORT);
        ranges.put("storage.raw-retention", StorageSection.RAW_RETENTION);
        ranges.put("storage.rollup-retention.minute", StorageSection.MINUTE_RETENTION);
        ranges.put("storage.rollup-retention.hour", StorageSection.HOUR_RETENTION);
        ranges.put("storage.rollup-retention.day", StorageSection.DAY_RETENTION);
        ranges.put("page.refresh", PageSection.REFRESH);
        ranges.put("monitors.interval", MonitorSection.INTERVAL);
        ranges.put("monitors.timeout", MonitorSection.TIMEOUT);
        ranges.put("monitors.retry-interval", MonitorSection.RETRY_INTERVAL);
        ranges.put("monitors.degraded-above", MonitorSection.DEGRADED_ABOVE);
        ranges.put("monitors.degraded-after", MonitorSection.THRESHOLD);
        ranges.put("monitors.failure-threshold", MonitorSection.THRESHOLD);
        ranges.put("monitors.success-threshold", MonitorSection.THRESHOLD);
        ranges.put("monitors.quorum", MonitorSection.QUORUM);
        ranges.put("notifications.remind-every", ChannelReader.REMIND_EVERY);
        ranges.put("notifications.flap-limit", ChannelReader.FLAP_LIMIT);
        ranges.put("notifications.flap-window", ChannelReader.FLAP_WINDOW);
        ranges.put("notifications.certificate-warning", ChannelReader.CERTIFICATE_WARNING);
        ranges.put("maintenance.duration", MaintenanceSection.DURATION);
        ranges.put("cluster.lease", ClusterSection.LEASE);
        ranges.put("subscriptions.rate", SubscriptionSection.RATE);
        ranges.put("subscriptions.confirm-within", SubscriptionSection.CONFIRM_WITHIN);
        ranges.put("subscriptions.resend-after", SubscriptionSection.RESEND_AFTER);
        return ranges;
    }

    /**
     * A loader whose maintenance windows' {@code rrule} and {@code cron} are read by status-calendar's
     * {@link Recurrences#parser()}.
     *
     * @param probes      the probe types, to validate each monitor's settings
     * @param environment variables for {@code ${VAR}} substitution
     */
    public ConfigLoader(ProbeRegistry probes, Map<String, String> environment) {
        this(probes, Recurrences.parser(), environment);
    }

    /**
     * @param probes      the probe types, to validate each monitor's settings
     * @param recurrences reads the {@code rrule} and {@code cron} of maintenance windows
     * @param environment variables for {@code ${VAR}} substitution
     */
    public ConfigLoader(ProbeRegistry probes, RecurrenceParser recurrences, Map<String, String> environment) {
        this.probes = Objects.requireNonNull(probes, "probes");
        this.recurrences = Objects.requireNonNull(recurrences, "recurrences");
        this.environment = Map.copyOf(environment);
    }

    /** Loads {@code file}. */
    public UpwatchConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "", "cannot read file: " + e)));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses configuration text.
     *
     * @param name    how to name the source in errors
     * @param baseDir directory relative paths (the embedded database) resolve against
     */
    public UpwatchConfig parse(String text, String name, Path baseDir) {
        ConfigNode root = YamlDocument.read(text, name, environment);
        if (root.isNull()) {
            throw new ConfigException(List.of(root.problem("the file is empty; it needs at least 'monitors'")));
        }
        ConfigReader reader = new ConfigReader();
        Optional<UpwatchConfig> config = read(reader, root, baseDir);
        if (config.isEmpty()) {
            // In file order; problems of one line keep the order they were found in.
            throw new ConfigException(reader.problems().stream().sorted(Comparator.comparingInt(ConfigProblem::line))
                    .toList());
        }
        return config.get();
    }

    private Optional<UpwatchConfig> read(ConfigReader reader, ConfigNode root, Path baseDir) {
        ConfigMap top = reader.map(root, TOP_LEVEL);
        Optional<ServerConfig> server = ServerSection.read(top.map("server", ServerSection.KEYS));
        Optional<StorageConfig> storage = StorageSection.read(top.map("storage", StorageSection.KEYS), baseDir);
        Optional<PageConfig> page = PageSection.read(top.map("page", PageSection.KEYS));
        List<StatusPageConfig> pages = PagesSection.read(top);
        if (!top.has("monitors")) {
            reader.report(root, "'monitors' is required: a list of services to watch");
        }
        MonitorSection monitorSection = new MonitorSection(probes);
        Map<String, Integer> monitorLines = new HashMap<>();
        List<Monitor> monitors = list(top, "monitors", "monitor", monitorSection::read, m -> m.id().value(), monitorLines);
        monitorSection.checkDependencies(reader, monitors);
        Map<String, Integer> channelLines = new HashMap<>();
        List<ChannelSettings> channels = list(top, "notifications", "notification",
                (r, item) -> ChannelReader.read(r, item, monitors), ChannelSettings::id, channelLines);
        Set<MonitorId> ids = monitors.stream().map(Monitor::id).collect(Collectors.toUnmodifiableSet());
        List<Incident> incidents = list(top, "incidents", "incident", (r, item) -> IncidentSection.read(r, item, ids),
                incident -> incident.id().value(), new HashMap<>());
        Optional<LoggingConfig> logging = LoggingSection.read(top.map("logging", LoggingSection.KEYS));
        Optional<EgressPolicy> egress = SecuritySection.read(top.map("security", SecuritySection.KEYS));
        Optional<ClusterConfig> cluster = ClusterSection.read(top, storage);
        List<Integer> maintenanceLines = new ArrayList<>();
        List<MaintenanceWindow> maintenance = top.list("maintenance").stream()
                .flatMap(item -> MaintenanceSection.read(reader, item, monitors, recurrences).stream()
                        .peek(window -> maintenanceLines.add(item.line()))).toList();
        Optional<SubscriptionConfig> subscriptions = SubscriptionSection.read(top,
                page.flatMap(PageConfig::publicUrl));
        if (!reader.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UpwatchConfig(root.source(), server.orElseThrow(), storage.orElseThrow(),
                page.orElseThrow(), monitors, channels, incidents, maintenance, logging.orElseThrow(), egress.orElseThrow(),
                new DefinitionLines(monitorLines, channelLines, maintenanceLines), pages, cluster, subscriptions));
    }

    /** The items of the list at {@code key}, each read by {@code read}, an id used twice noted; each id's line in {@code lines}. */
    private static <T> List<T> list(ConfigMap top, String key, String kind,
                                    BiFunction<ConfigReader, ConfigNode, Optional<T>> read,
                                    java.util.function.Function<T, String> idOf, Map<String, Integer> lines) {
        ConfigReader reader = top.reader();
        return top.get(key).map(list -> reader.uniqueItems(list, kind, item -> read.apply(reader, item)
                        .map(value -> {
                            lines.putIfAbsent(idOf.apply(value), item.line());
                            return value;
                        }), idOf))
                .orElse(List.of());
    }

    /**
     * Reads one monitor definition given as plain values (a JSON object of the admin API) with exactly the rules of
     * a monitor in the file. No {@code ${VAR}} is substituted from the environment.
     *
     * @param definition the monitor's keys, as in the file
     * @param name       how to name the source in problems
     * @throws ConfigException with every problem found; each names its key, the line is 0
     */
    public Monitor readMonitor(Map<String, ?> definition, String name) {
        return readOne(definition, name, (reader, node) -> new MonitorSection(probes).read(reader, node));
    }

    /**
     * Reads one incident given as plain values (a JSON object of the admin API) with exactly the rules of an incident
     * in the file. No {@code ${VAR}} is substituted from the environment.
     *
     * @param definition the incident's keys, as in the file
     * @param monitors   the ids its {@code services} may name
     * @param name       how to name the source in problems
     * @throws ConfigException with every problem found; each names its key, the line is 0
     */
    public Incident readIncident(Map<String, ?> definition, Set<MonitorId> monitors, String name) {
        return readOne(definition, name, (reader, node) -> IncidentSection.read(reader, node, monitors));
    }

    /**
     * Reads one maintenance window given as plain values (a JSON object of the admin API) with exactly the rules of
     * an item of the file's {@code maintenance:} list. No {@code ${VAR}} is substituted from the environment.
     *
     * @param definition the window's keys, as in the file
     * @param monitors   the monitors its {@code monitors} and {@code groups} may name (groups resolve to these now)
     * @param name       how to name the source in problems
     * @throws ConfigException with every problem found; each names its key, the line is 0
     */
    public MaintenanceWindow readMaintenance(Map<String, ?> definition, List<Monitor> monitors, String name) {
        return readOne(definition, name, (reader, node) -> MaintenanceSection.read(reader, node, monitors, recurrences));
    }

    /**
     * Reads one notification channel given as plain values (a JSON object of the admin API) with exactly the rules of
     * an item of the file's {@code notifications:} list. No {@code ${VAR}} is substituted from the environment.
     *
     * @param definition the channel's keys, as in the file
     * @param monitors   the monitors its {@code monitors} and {@code groups} may name (groups resolve to these now)
     * @param name       how to name the source in problems
     * @throws ConfigException with every problem found; each names its key, the line is 0
     */
    public ChannelSettings readChannel(Map<String, ?> definition, List<Monitor> monitors, String name) {
        return readOne(definition, name, (reader, node) -> ChannelReader.read(reader, node, monitors));
    }

    /**
     * One definition of the admin API read straight from its values (no YAML), or every problem of it. Its
     * {@code ${VAR}}s see no environment: a default applies, a variable without one is a problem.
     */
    private static <T> T readOne(Map<String, ?> definition, String name,
                                 BiFunction<ConfigReader, ConfigNode, Optional<T>> read) {
        ConfigReader reader = new ConfigReader();
        Optional<T> value = read.apply(reader, ConfigNode.ofValues(name, definition, Map.of()));
        if (value.isEmpty() || !reader.isEmpty()) {
            throw new ConfigException(reader.problems());
        }
        return value.get();
    }
}
