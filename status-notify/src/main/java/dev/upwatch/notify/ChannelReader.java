package dev.upwatch.notify;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.config.IntRange;
import dev.upwatch.core.config.MonitorSelection;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.notify.ntfy.NtfyPayload;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one notification channel from configuration — an item of the file's {@code notifications:} list or a channel
 * of the admin API — into {@link ChannelSettings}: the keys every channel has, and those only its type takes
 * ({@link #TYPE_KEYS}: a webhook's {@code secret}, Telegram's bot and chat, email's addresses and SMTP login). Every
 * problem of the channel is noted at its key, all at once.
 */
public final class ChannelReader {
    /** Where Telegram channels send when they name no {@code url}. */
    static final URI TELEGRAM_API = URI.create("https://api.telegram.org");
    /** Longest channel URL, in characters. */
    public static final int MAX_URL = 2_048;
    /** The keys only channels of one type take. */
    public static final Map<ChannelType, Set<String>> TYPE_KEYS = Map.of(
            ChannelType.WEBHOOK, Set.of("secret"),
            ChannelType.TELEGRAM, Set.of(ChannelSettings.BOT_TOKEN_KEY, ChannelSettings.CHAT_ID_KEY),
            ChannelType.EMAIL, Set.of(ChannelSettings.FROM_KEY, ChannelSettings.TO_KEY, ChannelSettings.USERNAME_KEY,
                    ChannelSettings.PASSWORD_KEY));
    /** Every key a channel may have. */
    public static final Set<String> KEYS = keys();
    /** {@code remind-every}: at least a minute, at most 30 days. */
    public static final DurationRange REMIND_EVERY = DurationRange.of(Duration.ofMinutes(1), Duration.ofDays(30));
    /** {@code flap-window}: at least a minute, at most a week. */
    public static final DurationRange FLAP_WINDOW = DurationRange.of(Duration.ofMinutes(1), Duration.ofDays(7));
    /** {@code certificate-warning}: at least a day, at most a year. */
    public static final DurationRange CERTIFICATE_WARNING = DurationRange.of(Duration.ofDays(1), Duration.ofDays(365));
    /** {@code flap-limit}: 0 (off) to 1000 transitions. */
    public static final IntRange FLAP_LIMIT = IntRange.of(0, 1000);

    private ChannelReader() {
    }

    /**
     * The channel {@code node} describes; empty, with every problem noted, when it has any.
     *
     * @param monitors the monitors its {@code monitors} and {@code groups} may name (groups resolve to these now)
     */
    public static Optional<ChannelSettings> read(ConfigReader reader, ConfigNode node, List<Monitor> monitors) {
        int before = reader.count();
        ConfigMap map = reader.map(node, KEYS);
        Optional<String> id = map.required("id", ChannelReader::id);
        // Messages name the channel as its constructor does, even when the id itself is wrong.
        String label = "channel '" + map.get("id").filter(n -> n.kind() == ConfigNode.Kind.SCALAR)
                .flatMap(ConfigNode::text).orElse("") + "': ";
        Optional<ChannelType> type = map.required("type", text -> ChannelType.fromConfigName(text.trim()));
        type.ifPresent(t -> otherTypesKeys(map, t, label));
        Optional<URI> url = type.flatMap(t -> url(map, t, label));
        Optional<String> secret = type.filter(ChannelType.WEBHOOK::equals).flatMap(t -> secret(map, label));
        Set<EventType> events = events(map, label);
        Optional<Duration> remindEvery = map.duration("remind-every", REMIND_EVERY);
        Duration certificateWarning = map.duration("certificate-warning", ChannelSettings.DEFAULT_CERTIFICATE_WARNING,
                CERTIFICATE_WARNING);
        Map<String, String> options = type.map(t -> options(map, t, label)).orElse(Map.of());
        Optional<Set<MonitorId>> routed = MonitorSelection.read(map, monitors);
        FlapRule flap = new FlapRule(map.integer("flap-limit", FlapRule.DEFAULT.maxChanges(), FLAP_LIMIT),
                map.duration("flap-window", FlapRule.DEFAULT.window(), FLAP_WINDOW));
        Optional<MessageTemplate> template = map.parsed("template", MessageTemplate::parse);
        if (reader.count() > before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChannelSettings(id.orElseThrow(), type.orElseThrow(), url.orElseThrow(), secret,
                    events, remindEvery, options, routed, flap, certificateWarning, template));
        } catch (IllegalArgumentException e) {
            // Every rule of the channel is checked above, key by key; this is the record's last word.
            reader.report(node, e.getMessage());
            return Optional.empty();
        }
    }

    private static String id(String text) {
        if (!ChannelSettings.ID.matcher(text).matches()) {
            throw new IllegalArgumentException("channel id '" + text + "' must be 1-64 characters of letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        if (SubscriberNotifier.isSubscriberChannel(text)) {
            throw new IllegalArgumentException("channel ids starting with '" + SubscriberNotifier.CHANNEL_PREFIX
                    + "' are reserved for the page's subscribers");
        }
        return text;
    }

    /** Notes each key of another type's: {@code channel 's': chat-id does not apply to slack channels}. */
    private static void otherTypesKeys(ConfigMap map, ChannelType type, String label) {
        Set<String> own = TYPE_KEYS.getOrDefault(type, Set.of());
        TYPE_KEYS.values().stream().flatMap(Set::stream).filter(key -> !own.contains(key) && map.has(key)).sorted()
                .forEach(key -> map.report(key, label + key + " does not apply to " + type.configName() + " channels"));
    }

    /**
     * Where to send: http(s) for the chat services and webhooks (an ntfy URL names its topic), {@code smtp(s)://} for
     * email; Telegram's Bot API when a Telegram channel names none.
     */
    private static Optional<URI> url(ConfigMap map, ChannelType type, String label) {
        if (type == ChannelType.TELEGRAM && !map.has("url")) {
            return Optional.of(TELEGRAM_API);
        }
        Optional<String> text = map.required("url");
        if (text.isPresent() && text.get().length() > MAX_URL) {
            map.report("url", "must be at most " + MAX_URL + " characters");
            return Optional.empty();
        }
        return text.flatMap(given -> map.parsed("url", url -> switch (type) {
            case EMAIL -> {
                URI uri;
                try {
                    uri = new URI(url.trim());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("must be smtp://host:port or smtps://host:port", e);
                }
                ChannelSettings.checkSmtpUrl(label + "url", uri);
                yield uri;
            }
            case NTFY -> {
                URI uri = ConfigReader.parseHttpUrl(url);
                try {
                    NtfyPayload.topic(uri);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(label + "url: " + e.getMessage(), e);
                }
                yield uri;
            }
            default -> ConfigReader.parseHttpUrl(url);
        }));
    }

    /** A webhook's signing secret: one, or a list of them while rotating (every delivery is signed with each). */
    private static Optional<String> secret(ConfigMap map, String label) {
        ConfigReader reader = map.reader();
        Optional<String> secret = map.get("secret").flatMap(node -> node.kind() == ConfigNode.Kind.LIST
                ? Optional.of(reader.items(node).stream().flatMap(item -> reader.text(item).stream())
                        .collect(Collectors.joining(" ")))
                : reader.text(node)).filter(text -> !text.isBlank());
        return secret.filter(text -> {
            try {
                ChannelSettings.secretsOf(Optional.of(text)).forEach(WebhookSigner::fromSecret);
                return true;
            } catch (IllegalArgumentException e) {
                map.report("secret", label + e.getMessage());
                return false;
            }
        });
    }

    /** The events subscribed to; all when the key is left out, at least one when given. */
    private static Set<EventType> events(ConfigMap map, String label) {
        if (!map.has("events")) {
            return EnumSet.allOf(EventType.class);
        }
        ConfigReader reader = map.reader();
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        int before = reader.count();
        for (ConfigNode item : map.list("events")) {
            reader.parsed(item, text -> EventType.fromConfigName(text.trim().toLowerCase(Locale.ROOT))).ifPresent(events::add);
        }
        if (events.isEmpty() && reader.count() == before) {
            map.report("events", label + "events must name at least one of down, up, degraded, incident, "
                    + "certificate-expiring");
        }
        return events;
    }

    /** The settings of the type: Telegram's bot and chat, email's addresses and login. */
    private static Map<String, String> options(ConfigMap map, ChannelType type, String label) {
        Map<String, String> options = new LinkedHashMap<>();
        if (type == ChannelType.TELEGRAM) {
            required(map, ChannelSettings.BOT_TOKEN_KEY, token -> ChannelSettings.BOT_TOKEN.matcher(token).matches(),
                    label + "bot-token is required for telegram and looks like 123456789:AAH... (as BotFather gives it)")
                    .ifPresent(token -> options.put(ChannelSettings.BOT_TOKEN_KEY, token));
            required(map, ChannelSettings.CHAT_ID_KEY, chat -> ChannelSettings.CHAT_ID.matcher(chat).matches(),
                    label + "chat-id is required for telegram: a number (negative for groups) or @channelname")
                    .ifPresent(chat -> options.put(ChannelSettings.CHAT_ID_KEY, chat));
        } else if (type == ChannelType.EMAIL) {
            for (String key : List.of(ChannelSettings.FROM_KEY, ChannelSettings.TO_KEY)) {
                required(map, key, addresses -> true, label + key + " is required for email").ifPresent(addresses -> {
                    try {
                        InternetAddress.parse(addresses, true);
                        options.put(key, addresses);
                    } catch (AddressException e) {
                        map.report(key, label + key + " is not a valid address list (" + e.getMessage() + ")");
                    }
                });
            }
            option(map, ChannelSettings.USERNAME_KEY).ifPresent(user -> options.put(ChannelSettings.USERNAME_KEY, user));
            option(map, ChannelSettings.PASSWORD_KEY).ifPresent(password -> {
                options.put(ChannelSettings.PASSWORD_KEY, password);
                if (!options.containsKey(ChannelSettings.USERNAME_KEY)) {
                    map.report(ChannelSettings.PASSWORD_KEY, label + "password needs a username");
                }
            });
        }
        return options;
    }

    /**
     * {@link #option} when given and {@code valid}; otherwise {@code problem} is noted at the key (unless reading it
     * already noted one).
     */
    private static Optional<String> required(ConfigMap map, String key, java.util.function.Predicate<String> valid,
                                             String problem) {
        int before = map.reader().count();
        Optional<String> value = option(map, key).filter(valid);
        if (value.isEmpty() && map.reader().count() == before) {
            map.report(key, problem);
        }
        return value;
    }

    /** The trimmed, non-blank text of {@code key}; a list (of recipients) is joined with commas. */
    private static Optional<String> option(ConfigMap map, String key) {
        ConfigReader reader = map.reader();
        return map.get(key).flatMap(node -> node.kind() == ConfigNode.Kind.LIST
                ? Optional.of(reader.items(node).stream().flatMap(item -> reader.text(item).stream()).map(String::trim)
                        .collect(Collectors.joining(", ")))
                : reader.text(node).map(String::trim)).filter(text -> !text.isBlank());
    }

    private static Set<String> keys() {
        Set<String> keys = new HashSet<>(Set.of("id", "type", "url", "events", "remind-every", "certificate-warning",
                "flap-limit", "flap-window", "template"));
        keys.addAll(MonitorSelection.KEYS);
        TYPE_KEYS.values().forEach(keys::addAll);
        return Set.copyOf(keys);
    }
}
