package dev.upwatch.web.config;

import dev.upwatch.web.auth.AccessSettings;
import dev.upwatch.core.model.Cidr;
import dev.upwatch.web.auth.PasswordHash;
import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.condition.Condition;
import dev.upwatch.core.condition.ConditionParser;
import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PushSettings;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.model.Visibility;
import dev.upwatch.core.probe.EgressPolicy;
import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.core.probe.ProbeSettings;
import dev.upwatch.core.probe.ProbeSpec;
import dev.upwatch.core.service.RollupRetention;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.ChannelType;
import dev.upwatch.notify.EventType;
import dev.upwatch.notify.FlapRule;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads and validates the YAML configuration. Every problem is reported with file, line and key path, all
 * problems of the file at once; a file with any problem yields no configuration at all.
 */
public final class ConfigLoader {
    /** Where Telegram channels send when they name no {@code url}. */
    private static final URI TELEGRAM_API = URI.create("https://api.telegram.org");
    private static final Set<String> TOP_LEVEL = Set.of("server", "storage", "page", "monitors", "notifications",
            "incidents", "maintenance", "logging", "security");
    private static final Set<String> SERVER_KEYS = Set.of("host", "port", "trusted-proxies", "auth");
    private static final Set<String> AUTH_KEYS = Set.of("tokens", "private", "basic", "protect-metrics");
    private static final Set<String> TOKEN_KEYS = Set.of("name", "scope", "digest");
    private static final Set<String> BASIC_KEYS = Set.of("user", "password-hash");
    private static final Set<String> STORAGE_KEYS = Set.of("jdbc-url", "username", "password", "data-dir",
            "raw-retention", "rollup-retention");
    private static final Set<String> ROLLUP_RETENTION_KEYS = Set.of("minute", "hour", "day");
    private static final Set<String> PAGE_KEYS = Set.of("title", "refresh", "public-url", "logo", "links", "footer",
            "default-window", "cors-origins");
    private static final Set<String> LINK_KEYS = Set.of("title", "url");
    private static final Set<String> MONITOR_KEYS = Set.of("id", "name", "group", "type", "interval", "timeout",
            "conditions", "degraded-above", "failure-threshold", "success-threshold", "degraded-after",
            "retry-interval", "private");
    private static final Set<String> CHANNEL_KEYS = Set.of("id", "type", "url", "secret", "events", "remind-every",
            "bot-token", "chat-id", "monitors", "groups", "flap-limit", "flap-window", "from", "to", "username",
            "password", "certificate-warning");
    private static final Set<String> LOGGING_KEYS = Set.of("format", "level");
    private static final Set<String> SECURITY_KEYS = Set.of("egress");
    private static final Set<String> EGRESS_KEYS = Set.of("deny-private", "allow");
    /** Longest monitor name, in characters. */
    static final int MAX_NAME = 200;
    /** Longest group name, in characters. */
    static final int MAX_GROUP = 100;
    /** Most conditions per monitor. */
    static final int MAX_CONDITIONS = 50;
    /** Longest condition, in characters. */
    static final int MAX_CONDITION = 1_000;
    /** Longest notification channel URL, in characters. */
    static final int MAX_CHANNEL_URL = 2_048;

    private final ProbeRegistry probes;
    private final Map<String, String> environment;

    /**
     * Every key the loader accepts, by section: {@code ""} is the top level, {@code monitors} the keys common to all
     * monitors (each probe type adds its own settings), {@code page.links} the keys of one link. A test keeps
     * docs/configuration.md in step with this map.
     */
    static Map<String, Set<String>> acceptedKeys() {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        keys.put("", TOP_LEVEL);
        keys.put("server", SERVER_KEYS);
        keys.put("server.auth", AUTH_KEYS);
        keys.put("server.auth.tokens", TOKEN_KEYS);
        keys.put("server.auth.basic", BASIC_KEYS);
        keys.put("storage", STORAGE_KEYS);
        keys.put("storage.rollup-retention", ROLLUP_RETENTION_KEYS);
        keys.put("page", PAGE_KEYS);
        keys.put("page.links", LINK_KEYS);
        keys.put("monitors", MONITOR_KEYS);
        keys.put("notifications", CHANNEL_KEYS);
        keys.put("incidents", IncidentSection.KEYS);
        keys.put("incidents.updates", IncidentSection.UPDATE_KEYS);
        keys.put("maintenance", MaintenanceSection.KEYS);
        keys.put("logging", LOGGING_KEYS);
        keys.put("security", SECURITY_KEYS);
        keys.put("security.egress", EGRESS_KEYS);
        return keys;
    }

    /**
     * @param probes      the probe types, to validate each monitor's settings
     * @param environment variables for {@code ${VAR}} substitution
     */
    public ConfigLoader(ProbeRegistry probes, Map<String, String> environment) {
        this.probes = Objects.requireNonNull(probes, "probes");
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
        ConfigSource source = new ConfigSource(name, environment);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(4 * 1024 * 1024);
            root = new Yaml(options).compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(List.of(source.problem(e.getProblemMark().getLine() + 1, "",
                    "not valid YAML: " + e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(source.problem(0, "", "not valid YAML: " + e.getMessage())));
        }
        if (root == null) {
            throw new ConfigException(List.of(source.problem(1, "", "the file is empty; it needs at least 'monitors'")));
        }
        return new Reading(source, baseDir).read(new YamlNode(root, "", source));
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
        ConfigSource source = new ConfigSource(name, Map.of());
        Reading reading = new Reading(source, null);
        Monitor monitor = reading.problems.attempt(() -> reading.monitor(new YamlNode(new Yaml().represent(definition), "", source)),
                null);
        if (!reading.problems.isEmpty() || monitor == null) {
            throw new ConfigException(reading.problems.toList());
        }
        return monitor;
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
        ConfigSource source = new ConfigSource(name, Map.of());
        return IncidentSection.read(new YamlNode(new Yaml().represent(definition), "", source), monitors);
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
        ConfigSource source = new ConfigSource(name, Map.of());
        return MaintenanceSection.read(new YamlNode(new Yaml().represent(definition), "", source), monitors);
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
        ConfigSource source = new ConfigSource(name, Map.of());
        Reading reading = new Reading(source, null);
        ChannelSettings channel = reading.problems.attempt(() -> reading.channel(
                new YamlNode(new Yaml().represent(definition), "", source), monitors), null);
        if (!reading.problems.isEmpty() || channel == null) {
            throw new ConfigException(reading.problems.toList());
        }
        return channel;
    }

    /** One pass over one file, collecting problems. */
    private final class Reading {
        private final ConfigSource source;
        private final Path baseDir;
        private final Problems problems = new Problems();
        /** Push tokens seen so far, to refuse one token for two monitors. */
        private final Set<String> pushTokens = new HashSet<>();

        Reading(ConfigSource source, Path baseDir) {
            this.source = source;
            this.baseDir = baseDir;
        }

        UpwatchConfig read(YamlNode root) {
            Map<String, YamlNode> top = problems.attempt(root::entries, Map.of());
            problems.unknownKeys(top, TOP_LEVEL);
            ServerConfig server = problems.attempt(() -> server(top.get("server")), null);
            StorageConfig storage = problems.attempt(() -> storage(top.get("storage")), null);
            PageConfig page = problems.attempt(() -> page(top.get("page")), null);
            List<Monitor> monitors = monitors(top.get("monitors"), root);
            List<ChannelSettings> channels = notifications(top.get("notifications"), monitors);
            List<Incident> incidents = incidents(top.get("incidents"), monitors);
            LoggingConfig logging = problems.attempt(() -> logging(top.get("logging")), null);
            EgressPolicy egress = problems.attempt(() -> egress(top.get("security")), null);
            List<MaintenanceWindow> maintenance = maintenance(top.get("maintenance"), monitors);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems.toList());
            }
            return new UpwatchConfig(source.name(), server, storage, page, monitors, channels, incidents, maintenance,
                    logging, egress);
        }

        private LoggingConfig logging(YamlNode node) {
            Map<String, YamlNode> map = optionalMap(node);
            problems.unknownKeys(map, LOGGING_KEYS);
            LoggingConfig.Format format = text(map.get("format")).map(name -> {
                try {
                    return LoggingConfig.Format.of(name);
                } catch (IllegalArgumentException e) {
                    throw map.get("format").fail(e.getMessage());
                }
            }).orElse(LoggingConfig.Format.TEXT);
            String level = text(map.get("level")).map(l -> l.trim().toLowerCase(Locale.ROOT)).orElse("info");
            if (!LoggingConfig.LEVELS.contains(level)) {
                throw map.get("level").fail("must be one of trace, debug, info, warn, error, got '" + level + "'");
            }
            return new LoggingConfig(format, level);
        }

        private EgressPolicy egress(YamlNode node) {
            Map<String, YamlNode> security = optionalMap(node);
            problems.unknownKeys(security, SECURITY_KEYS);
            Map<String, YamlNode> map = optionalMap(security.get("egress"));
            problems.unknownKeys(map, EGRESS_KEYS);
            // Safe by default: the admin API turns requests into probe targets, so loopback and private ranges are
            // refused unless the file says otherwise (deny-private: false, or allow: [CIDR, ...]).
            boolean denyPrivate = bool(map.get("deny-private"), true);
            List<Cidr> allowed = new ArrayList<>();
            if (map.containsKey("allow")) {
                for (YamlNode item : map.get("allow").items()) {
                    try {
                        allowed.add(Cidr.parse(item.text()));
                    } catch (IllegalArgumentException e) {
                        throw item.fail(e.getMessage());
                    }
                }
            }
            return new EgressPolicy(denyPrivate, allowed);
        }

        private ServerConfig server(YamlNode node) {
            Map<String, YamlNode> map = optionalMap(node);
            problems.unknownKeys(map, SERVER_KEYS);
            String host = text(map.get("host")).orElse("0.0.0.0");
            int port = integer(map.get("port"), 8080, 0, 65_535);
            return new ServerConfig(host, port, access(map.get("auth"), map.get("trusted-proxies")));
        }

        /** {@code server.auth} and {@code server.trusted-proxies}. */
        private AccessSettings access(YamlNode authNode, YamlNode proxiesNode) {
            List<Cidr> proxies = new ArrayList<>();
            if (proxiesNode != null && !proxiesNode.isNull()) {
                for (YamlNode item : proxiesNode.items()) {
                    try {
                        proxies.add(Cidr.parse(item.text()));
                    } catch (IllegalArgumentException e) {
                        throw item.fail(e.getMessage());
                    }
                }
            }
            Map<String, YamlNode> auth = optionalMap(authNode);
            problems.unknownKeys(auth, AUTH_KEYS);
            List<ApiToken> tokens = new ArrayList<>();
            if (auth.containsKey("tokens") && !auth.get("tokens").isNull()) {
                for (YamlNode item : auth.get("tokens").items()) {
                    Map<String, YamlNode> token = item.entries();
                    problems.unknownKeys(token, TOKEN_KEYS);
                    YamlNode name = item.required(token, "name");
                    YamlNode scope = item.required(token, "scope");
                    YamlNode digest = item.required(token, "digest");
                    TokenScope parsedScope = parse(scope, () -> TokenScope.fromWireName(scope.text()));
                    TokenDigest parsedDigest = parse(digest, () -> TokenDigest.parse(digest.text().trim()));
                    ApiToken parsed = parse(name, () -> ApiToken.issued(name.text(), name.text(), parsedScope, parsedDigest,
                            java.time.Instant.EPOCH));
                    if (tokens.stream().anyMatch(t -> t.id().equals(parsed.id()))) {
                        throw name.fail("another token is named " + parsed.id());
                    }
                    tokens.add(parsed);
                }
            }
            Optional<AccessSettings.BasicUser> basic = Optional.empty();
            if (auth.containsKey("basic") && !auth.get("basic").isNull()) {
                YamlNode basicNode = auth.get("basic");
                Map<String, YamlNode> map = basicNode.entries();
                problems.unknownKeys(map, BASIC_KEYS);
                YamlNode user = basicNode.required(map, "user");
                YamlNode hash = basicNode.required(map, "password-hash");
                PasswordHash parsedHash = parse(hash, () -> PasswordHash.parse(hash.text()));
                basic = Optional.of(parse(user, () -> new AccessSettings.BasicUser(user.text(), parsedHash)));
            }
            boolean privatePages = bool(auth.get("private"), false);
            if (basic.isPresent() && !privatePages) {
                throw auth.get("basic").fail("basic auth only guards private pages: set server.auth.private: true");
            }
            return new AccessSettings(tokens, privatePages, basic, bool(auth.get("protect-metrics"), false), proxies);
        }

        private <T> T parse(YamlNode node, java.util.function.Supplier<T> parser) {
            try {
                return parser.get();
            } catch (IllegalArgumentException e) {
                throw node.fail(e.getMessage());
            }
        }

        private boolean bool(YamlNode node, boolean fallback) {
            Optional<String> text = text(node);
            if (text.isEmpty()) {
                return fallback;
            }
            return switch (text.get().trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw node.fail("'" + text.get() + "' is not true or false");
            };
        }

        private StorageConfig storage(YamlNode node) {
            Map<String, YamlNode> map = optionalMap(node);
            problems.unknownKeys(map, STORAGE_KEYS);
            Optional<String> url = text(map.get("jdbc-url")).filter(s -> !s.isBlank());
            url.ifPresent(u -> {
                if (!u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:h2:")) {
                    throw map.get("jdbc-url").fail("only jdbc:postgresql: and jdbc:h2: URLs are supported");
                }
            });
            Path dataDir = text(map.get("data-dir")).map(Path::of).orElse(Path.of("data"));
            if (!dataDir.isAbsolute() && baseDir != null && map.containsKey("data-dir")) {
                dataDir = baseDir.resolve(dataDir);
            }
            Duration rawRetention = duration(map.get("raw-retention")).orElse(StorageConfig.DEFAULT_RAW_RETENTION);
            if (rawRetention.compareTo(Duration.ofHours(1)) < 0) {
                throw map.get("raw-retention").fail("must be at least 1h");
            }
            return new StorageConfig(url, text(map.get("username")), text(map.get("password")), dataDir, rawRetention,
                    rollupRetention(map.get("rollup-retention")));
        }

        /** {@code storage.rollup-retention}: {@code minute}, {@code hour}, {@code day}; each at least its minimum. */
        private RollupRetention rollupRetention(YamlNode node) {
            Map<String, YamlNode> map = optionalMap(node);
            problems.unknownKeys(map, ROLLUP_RETENTION_KEYS);
            RollupRetention defaults = RollupRetention.defaults();
            return new RollupRetention(
                    retention(map.get("minute"), defaults.minute(), RollupRetention.MIN_MINUTE),
                    retention(map.get("hour"), defaults.hour(), RollupRetention.MIN_HOUR),
                    retention(map.get("day"), defaults.day(), RollupRetention.MIN_DAY));
        }

        private Duration retention(YamlNode node, Duration fallback, Duration minimum) {
            Duration value = duration(node).orElse(fallback);
            if (value.compareTo(minimum) < 0) {
                throw node.fail("must be at least " + DurationText.format(minimum));
            }
            return value;
        }

        private PageConfig page(YamlNode node) {
            Map<String, YamlNode> map = optionalMap(node);
            problems.unknownKeys(map, PAGE_KEYS);
            String title = text(map.get("title")).orElse("Status");
            if (title.isBlank() || title.length() > 200) {
                throw map.get("title").fail("must be 1 to 200 characters");
            }
            Duration refresh = duration(map.get("refresh")).orElse(Duration.ofSeconds(30));
            if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
                throw map.get("refresh").fail("must be at least 1s");
            }
            Optional<URI> publicUrl = text(map.get("public-url")).map(u -> httpUri(map.get("public-url"), u));
            Optional<URI> logo = text(map.get("logo")).map(u -> linkUri(map.get("logo"), u, false));
            List<PageConfig.Link> links = new ArrayList<>();
            if (map.containsKey("links")) {
                for (YamlNode item : map.get("links").items()) {
                    Map<String, YamlNode> link = item.entries();
                    problems.unknownKeys(link, LINK_KEYS);
                    String linkTitle = item.required(link, "title").text();
                    if (linkTitle.length() > 100) {
                        throw link.get("title").fail("must be at most 100 characters");
                    }
                    links.add(new PageConfig.Link(linkTitle, linkUri(link.get("url"), item.required(link, "url").text(), true)));
                }
            }
            Optional<String> footer = text(map.get("footer")).filter(f -> !f.isBlank());
            if (footer.isPresent() && footer.get().length() > 500) {
                throw map.get("footer").fail("must be at most 500 characters");
            }
            UptimeWindow window = text(map.get("default-window")).map(w -> UptimeWindow.fromLabel(w.trim())
                    .orElseThrow(() -> map.get("default-window").fail("must be one of 24h, 7d, 30d, 90d, got '" + w + "'")))
                    .orElse(UptimeWindow.H24);
            List<String> origins = new ArrayList<>();
            if (map.containsKey("cors-origins")) {
                for (YamlNode item : map.get("cors-origins").items()) {
                    origins.add(origin(item, item.text().trim()));
                }
            }
            return new PageConfig(title, refresh, publicUrl, logo, links, footer, window, origins);
        }

        /** A link or image address a visitor's browser may follow: http(s), mailto (links only) or a local path. */
        private URI linkUri(YamlNode node, String text, boolean mailto) {
            String trimmed = text.trim();
            if (trimmed.startsWith("/") && !trimmed.startsWith("//")) {
                try {
                    return new URI(trimmed);
                } catch (URISyntaxException e) {
                    throw node.fail("not a path: " + e.getMessage());
                }
            }
            if (mailto && trimmed.matches("mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")) {
                return URI.create(trimmed);
            }
            try {
                return httpUri(node, trimmed);
            } catch (ConfigException e) {
                throw node.fail("must be an http:// or https:// URL" + (mailto ? ", a mailto: address" : "")
                        + " or a path starting with /");
            }
        }

        /** A CORS origin: {@code *} or {@code scheme://host[:port]} without a path. */
        private String origin(YamlNode node, String text) {
            if (text.equals("*")) {
                return text;
            }
            URI uri = httpUri(node, text);
            if ((uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null || uri.getFragment() != null) {
                throw node.fail("an origin is scheme://host[:port], without a path");
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        }

        private List<Monitor> monitors(YamlNode node, YamlNode root) {
            if (node == null) {
                problems.add(root.problem("'monitors' is required: a list of services to watch"));
                return List.of();
            }
            return uniqueItems(node, this::monitor, monitor -> monitor.id().value(), "monitor");
        }

        /** Reads each item of a list, reporting bad items and repeated ids and carrying on with the rest. */
        private <T> List<T> uniqueItems(YamlNode list, Function<YamlNode, T> read, Function<T, String> idOf, String kind) {
            List<T> items = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (YamlNode item : problems.attempt(list::items, List.<YamlNode>of())) {
                T value = problems.attempt(() -> read.apply(item), null);
                if (value == null) {
                    continue;
                }
                if (ids.add(idOf.apply(value))) {
                    items.add(value);
                } else {
                    problems.add(item.entries().get("id").problem(kind + " id '" + idOf.apply(value) + "' is used twice"));
                }
            }
            return items;
        }

        private Monitor monitor(YamlNode node) {
            Map<String, YamlNode> map = node.entries();
            YamlNode idNode = node.required(map, "id");
            MonitorId id;
            try {
                id = MonitorId.of(idNode.text());
            } catch (IllegalArgumentException e) {
                throw idNode.fail(e.getMessage());
            }
            String type = node.required(map, "type").text().trim().toLowerCase(Locale.ROOT);
            ProbeFactory factory = probes.find(type).orElseThrow(() -> map.get("type").fail("unknown probe type '" + type
                    + "'; known types: " + String.join(", ", probes.types())));
            Map<String, Object> settingValues = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (!MONITOR_KEYS.contains(key)) {
                    settingValues.put(key, value.isNull() ? null : value.plain());
                }
            });
            ProbeSettings settings = ProbeSettings.of(settingValues);
            try (Probe probe = factory.create(settings)) {
                Objects.requireNonNull(probe, "probe");
            } catch (InvalidSettingException e) {
                YamlNode at = map.getOrDefault(e.key(), node);
                throw new ConfigException(List.of(source.problem(at.line(), node.path() + "." + e.key(), e.problem())));
            }
            Set<String> unknown = settings.unreadKeys();
            if (!unknown.isEmpty()) {
                String key = unknown.iterator().next();
                throw map.get(key).fail("unknown key for a " + type + " monitor; monitor keys are "
                        + String.join(", ", new java.util.TreeSet<>(MONITOR_KEYS)) + " plus the probe's settings");
            }
            boolean push = type.equals(PushSettings.TYPE);
            if (push && !pushTokens.add(PushSettings.read(settings).token())) {
                throw map.get("token").fail("another push monitor has the same token; each needs its own");
            }
            Duration interval = duration(map.get("interval")).orElse(Duration.ofSeconds(60));
            Duration timeout = duration(map.get("timeout")).orElse(interval.compareTo(Duration.ofSeconds(10)) < 0
                    ? interval : Duration.ofSeconds(10));
            String name = text(map.get("name")).orElse(id.value());
            if (name.length() > MAX_NAME) {
                throw map.get("name").fail("must be at most " + MAX_NAME + " characters");
            }
            String group = text(map.get("group")).orElse(Monitor.DEFAULT_GROUP);
            if (group.isBlank() || group.length() > MAX_GROUP) {
                throw map.get("group").fail("must be 1 to " + MAX_GROUP + " characters");
            }
            Monitor.Builder builder = Monitor.builder(id, name, new ProbeSpec(type, settings))
                    .group(group)
                    .visibility(bool(map.get("private"), false) ? Visibility.PRIVATE : Visibility.PUBLIC)
                    .interval(interval)
                    .timeout(timeout)
                    .conditions(conditions(map.get("conditions"), factory))
                    // A push monitor fails only when a push is overdue or says down: no need to wait for a second.
                    .failureThreshold(integer(map.get("failure-threshold"), push ? 1 : 2, 1, 100))
                    .successThreshold(integer(map.get("success-threshold"), 1, 1, 100))
                    .degradedAfter(integer(map.get("degraded-after"), 1, 1, 100));
            duration(map.get("degraded-above")).ifPresent(builder::degradedAbove);
            duration(map.get("retry-interval")).ifPresent(builder::retryInterval);
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                String key = e.getMessage().startsWith("timeout") ? "timeout"
                        : e.getMessage().startsWith("interval") ? "interval"
                        : e.getMessage().startsWith("retry-interval") ? "retry-interval"
                        : e.getMessage().startsWith("name") ? "name" : "degraded-above";
                throw map.getOrDefault(key, node).fail(e.getMessage());
            }
        }

        private List<Condition> conditions(YamlNode node, ProbeFactory factory) {
            if (node == null) {
                return probes.defaultConditions(factory.type());
            }
            List<Condition> conditions = new ArrayList<>();
            List<YamlNode> items = node.items();
            if (items.size() > MAX_CONDITIONS) {
                throw node.fail("at most " + MAX_CONDITIONS + " conditions, got " + items.size());
            }
            for (YamlNode item : items) {
                if (item.text().length() > MAX_CONDITION) {
                    problems.add(item.problem("a condition may be at most " + MAX_CONDITION + " characters"));
                    continue;
                }
                try {
                    conditions.add(ConditionParser.parse(item.text()));
                } catch (IllegalArgumentException e) {
                    problems.add(item.problem("bad condition: " + e.getMessage()));
                }
            }
            return conditions;
        }

        private List<MaintenanceWindow> maintenance(YamlNode node, List<Monitor> monitors) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            List<MaintenanceWindow> windows = new ArrayList<>();
            for (YamlNode item : problems.attempt(node::items, List.<YamlNode>of())) {
                MaintenanceWindow window = problems.attempt(() -> MaintenanceSection.read(item, monitors), null);
                if (window != null) {
                    windows.add(window);
                }
            }
            return windows;
        }

        private List<ChannelSettings> notifications(YamlNode node, List<Monitor> monitors) {
            return node == null ? List.of()
                    : uniqueItems(node, item -> channel(item, monitors), ChannelSettings::id, "notification");
        }

        private List<Incident> incidents(YamlNode node, List<Monitor> monitors) {
            Set<MonitorId> ids = Set.copyOf(monitors.stream().map(Monitor::id).toList());
            return node == null ? List.of()
                    : uniqueItems(node, item -> IncidentSection.read(item, ids), i -> i.id().value(), "incident");
        }

        /**
         * Routing: {@code monitors} and {@code groups} select the monitors a channel hears about (a group stands for
         * its monitors); without either, every monitor. Names that match no monitor or group are errors.
         */
        private Optional<Set<MonitorId>> routing(Map<String, YamlNode> map, List<Monitor> monitors) {
            if (!map.containsKey("monitors") && !map.containsKey("groups")) {
                return Optional.empty();
            }
            Set<MonitorId> selected = new HashSet<>();
            if (map.containsKey("monitors")) {
                for (YamlNode item : map.get("monitors").items()) {
                    String id = item.text().trim();
                    monitors.stream().filter(m -> m.id().value().equals(id)).findFirst()
                            .ifPresentOrElse(m -> selected.add(m.id()), () -> {
                                throw item.fail("no monitor has the id '" + id + "'");
                            });
                }
            }
            if (map.containsKey("groups")) {
                for (YamlNode item : map.get("groups").items()) {
                    String group = item.text().trim();
                    List<MonitorId> members = monitors.stream().filter(m -> m.group().equals(group)).map(Monitor::id).toList();
                    if (members.isEmpty()) {
                        throw item.fail("no monitor is in the group '" + group + "'");
                    }
                    selected.addAll(members);
                }
            }
            return Optional.of(selected);
        }

        private FlapRule flapRule(Map<String, YamlNode> map) {
            int limit = integer(map.get("flap-limit"), FlapRule.DEFAULT.maxChanges(), 0, 1000);
            Duration window = duration(map.get("flap-window")).orElse(FlapRule.DEFAULT.window());
            if (window.compareTo(Duration.ofMinutes(1)) < 0) {
                throw map.get("flap-window").fail("must be at least 1m, got " + DurationText.format(window));
            }
            return new FlapRule(limit, window);
        }

        private ChannelSettings channel(YamlNode node, List<Monitor> monitors) {
            Map<String, YamlNode> map = node.entries();
            problems.unknownKeys(map, CHANNEL_KEYS);
            String id = node.required(map, "id").text();
            ChannelType type;
            try {
                type = ChannelType.fromConfigName(node.required(map, "type").text().trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw map.get("type").fail(e.getMessage());
            }
            if (map.containsKey("url") && !map.get("url").isNull() && map.get("url").text().length() > MAX_CHANNEL_URL) {
                throw map.get("url").fail("must be at most " + MAX_CHANNEL_URL + " characters");
            }
            URI url;
            if (type == ChannelType.TELEGRAM && !map.containsKey("url")) {
                url = TELEGRAM_API;
            } else if (type == ChannelType.EMAIL) {
                YamlNode urlNode = node.required(map, "url");
                try {
                    url = new URI(urlNode.text().trim());
                } catch (URISyntaxException e) {
                    throw urlNode.fail("must be smtp://host:port or smtps://host:port");
                }
            } else {
                YamlNode urlNode = node.required(map, "url");
                url = httpUri(urlNode, urlNode.text());
            }
            // One secret, or a list of them while rotating: every delivery is signed with each.
            YamlNode secretNode = map.get("secret");
            Optional<String> secret = secretNode != null && !secretNode.isNull() && secretNode.plain() instanceof List<?>
                    ? Optional.of(String.join(" ", secretNode.items().stream().map(YamlNode::text).toList()))
                    : text(secretNode).filter(s -> !s.isBlank());
            Set<EventType> events = EnumSet.allOf(EventType.class);
            if (map.containsKey("events")) {
                events.clear();
                for (YamlNode event : map.get("events").items()) {
                    try {
                        events.add(EventType.fromConfigName(event.text().trim().toLowerCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw event.fail(e.getMessage());
                    }
                }
            }
            Optional<Duration> remindEvery = duration(map.get("remind-every"));
            if (remindEvery.isPresent() && remindEvery.get().compareTo(Duration.ofMinutes(1)) < 0) {
                throw map.get("remind-every").fail("must be at least 1m, got " + DurationText.format(remindEvery.get()));
            }
            Duration certificateWarning = duration(map.get("certificate-warning"))
                    .orElse(ChannelSettings.DEFAULT_CERTIFICATE_WARNING);
            if (certificateWarning.compareTo(Duration.ofDays(1)) < 0) {
                throw map.get("certificate-warning").fail("must be at least 1d, got "
                        + DurationText.format(certificateWarning));
            }
            Map<String, String> options = new LinkedHashMap<>();
            for (String key : List.of(ChannelSettings.BOT_TOKEN_KEY, ChannelSettings.CHAT_ID_KEY, ChannelSettings.FROM_KEY,
                    ChannelSettings.USERNAME_KEY, ChannelSettings.PASSWORD_KEY)) {
                text(map.get(key)).map(String::trim).ifPresent(value -> options.put(key, value));
            }
            YamlNode to = map.get(ChannelSettings.TO_KEY);
            if (to != null && !to.isNull()) {
                options.put(ChannelSettings.TO_KEY, to.plain() instanceof List<?>
                        ? String.join(", ", to.items().stream().map(item -> item.text().trim()).toList())
                        : to.text().trim());
            }
            Optional<Set<MonitorId>> routed = routing(map, monitors);
            FlapRule flap = flapRule(map);
            try {
                return new ChannelSettings(id, type, url, secret, events, remindEvery, options, routed, flap,
                        certificateWarning);
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                String key = Stream.of("secret", "events", "remind-every", "bot-token", "chat-id", "from", "to",
                                "password", "username", "url")
                        .filter(k -> message.contains(k + " ") || message.contains(k + ":")).findFirst().orElse("id");
                throw map.getOrDefault(key, node).fail(message);
            }
        }

        private URI httpUri(YamlNode node, String text) {
            try {
                URI uri = new URI(text.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw node.fail("must be an http:// or https:// URL");
                }
                if (uri.getHost() == null) {
                    throw node.fail("the URL has no host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw node.fail("not a URL: " + e.getMessage());
            }
        }

        private Map<String, YamlNode> optionalMap(YamlNode node) {
            return node == null || node.isNull() ? Map.of() : node.entries();
        }

        private Optional<String> text(YamlNode node) {
            return node == null || node.isNull() ? Optional.empty() : Optional.of(node.text());
        }

        private Optional<Duration> duration(YamlNode node) {
            return text(node).map(text -> {
                try {
                    return DurationText.parse(text);
                } catch (IllegalArgumentException e) {
                    throw node.fail(e.getMessage());
                }
            });
        }

        private int integer(YamlNode node, int fallback, int min, int max) {
            Optional<String> text = text(node);
            if (text.isEmpty()) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(text.get().trim());
                if (value < min || value > max) {
                    throw node.fail(value + " is out of range [" + min + ", " + max + "]");
                }
                return value;
            } catch (NumberFormatException e) {
                throw node.fail("'" + text.get() + "' is not a whole number");
            }
        }

    }
}
