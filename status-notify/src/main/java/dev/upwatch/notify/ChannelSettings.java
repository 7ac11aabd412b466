package dev.upwatch.notify;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.notify.ntfy.NtfyPayload;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One notification channel as configured: where to send, in which format, signed with what, for which events.
 * Validation errors name the channel and the field. {@link #toString()} hides the secret and the URL's path
 * and query, because Slack and Discord webhook URLs are themselves credentials.
 *
 * @param id     stable name of the channel, used in logs: 1-64 letters, digits, '.', '_' or '-'
 * @param type   payload format
 * @param url    where to POST; absolute {@code http} or {@code https}
 * @param secret signing secret, {@code webhook} channels only: {@code whsec_<base64>} (the key is the decoded
 *               bytes, as Standard Webhooks issues them) or any other text (the key is its UTF-8 bytes)
 * @param events      the events this channel receives; at least one
 * @param remindEvery while a service stays DOWN, send a reminder this often (off when empty)
 * @param options     settings of one channel type: {@code bot-token} and {@code chat-id} for {@code telegram}
 *                    (the token is a credential, never printed); empty for the other types
 * @param monitors    routing: the monitors whose events this channel receives; empty means every monitor
 * @param flap        flap suppression for this channel
 * @param certificateWarning warn of a service's TLS certificate once it expires within this period; at least 1 day
 *                           (default {@link #DEFAULT_CERTIFICATE_WARNING})
 * @param template    the message of status events ({@code down}, {@code up}, {@code degraded}) in place of the type's
 *                    own; empty for the type's own message
 */
public record ChannelSettings(String id, ChannelType type, URI url, Optional<String> secret, Set<EventType> events,
                              Optional<Duration> remindEvery, Map<String, String> options,
                              Optional<Set<MonitorId>> monitors, FlapRule flap, Duration certificateWarning,
                              Optional<MessageTemplate> template) {
    /** How long before a certificate expires a channel warns of it, unless configured: 14 days. */
    public static final Duration DEFAULT_CERTIFICATE_WARNING = Duration.ofDays(14);
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Telegram bot tokens look like {@code 123456789:AAH...}. */
    static final Pattern BOT_TOKEN = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{20,100}");
    /** A chat id is a (negative for groups) number or a public {@code @channelname}. */
    static final Pattern CHAT_ID = Pattern.compile("-?\\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,64}");
    /** Telegram option keys. */
    public static final String BOT_TOKEN_KEY = "bot-token";
    public static final String CHAT_ID_KEY = "chat-id";
    /** Email option keys. */
    public static final String FROM_KEY = "from";
    public static final String TO_KEY = "to";
    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";
    private static final Set<String> EMAIL_KEYS = Set.of(FROM_KEY, TO_KEY, USERNAME_KEY, PASSWORD_KEY);

    public ChannelSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(remindEvery, "remindEvery");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(monitors, "monitors");
        Objects.requireNonNull(flap, "flap");
        Objects.requireNonNull(certificateWarning, "certificateWarning");
        Objects.requireNonNull(template, "template");
        if (certificateWarning.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("channel '" + id + "': certificate-warning must be at least 1d, got "
                    + DurationText.format(certificateWarning));
        }
        monitors = monitors.map(Set::copyOf);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("channel id '" + id
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (type == ChannelType.EMAIL) {
            checkSmtpUrl("channel '" + id + "': url", url);
        } else {
            checkUrl("channel '" + id + "': url", url);
        }
        if (secret.isPresent()) {
            if (type != ChannelType.WEBHOOK) {
                throw new IllegalArgumentException("channel '" + id + "': secret is only used by webhook channels, not "
                        + type.configName());
            }
            try {
                secretsOf(secret).forEach(WebhookSigner::fromSecret);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("channel '" + id + "': " + e.getMessage(), e);
            }
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("channel '" + id + "': events must name at least one of down, up, "
                    + "degraded, incident, certificate-expiring");
        }
        events = Collections.unmodifiableSet(EnumSet.copyOf(events));
        if (type == ChannelType.NTFY) {
            try {
                NtfyPayload.topic(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("channel '" + id + "': url: " + e.getMessage(), e);
            }
        }
        if (remindEvery.isPresent() && (remindEvery.get().isNegative() || remindEvery.get().isZero())) {
            throw new IllegalArgumentException("channel '" + id + "': remind-every must be positive");
        }
        options = Map.copyOf(options);
        if (type == ChannelType.TELEGRAM) {
            String token = options.get(BOT_TOKEN_KEY);
            if (token == null || !BOT_TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("channel '" + id + "': bot-token is required for telegram and looks like "
                        + "123456789:AAH... (as BotFather gives it)");
            }
            String chat = options.get(CHAT_ID_KEY);
            if (chat == null || !CHAT_ID.matcher(chat).matches()) {
                throw new IllegalArgumentException("channel '" + id + "': chat-id is required for telegram: a number "
                        + "(negative for groups) or @channelname");
            }
            if (options.size() != 2) {
                throw new IllegalArgumentException("channel '" + id + "': telegram takes only bot-token and chat-id");
            }
        } else if (type == ChannelType.EMAIL) {
            for (String key : options.keySet()) {
                if (!EMAIL_KEYS.contains(key)) {
                    throw new IllegalArgumentException("channel '" + id + "': " + key + " does not apply to email channels");
                }
            }
            for (String key : List.of(FROM_KEY, TO_KEY)) {
                if (options.getOrDefault(key, "").isBlank()) {
                    throw new IllegalArgumentException("channel '" + id + "': " + key + " is required for email");
                }
            }
            for (String key : List.of(FROM_KEY, TO_KEY)) {
                try {
                    InternetAddress.parse(options.get(key), true);
                } catch (AddressException e) {
                    throw new IllegalArgumentException("channel '" + id + "': " + key + " is not a valid address list ("
                            + e.getMessage() + ")", e);
                }
            }
            if (options.containsKey(PASSWORD_KEY) && !options.containsKey(USERNAME_KEY)) {
                throw new IllegalArgumentException("channel '" + id + "': password needs a username");
            }
        } else if (!options.isEmpty()) {
            throw new IllegalArgumentException("channel '" + id + "': " + String.join(", ", new TreeSet<>(options.keySet()))
                    + " does not apply to " + type.configName() + " channels");
        }
    }

    /** A channel with the type's own messages. */
    public ChannelSettings(String id, ChannelType type, URI url, Optional<String> secret, Set<EventType> events,
                           Optional<Duration> remindEvery, Map<String, String> options,
                           Optional<Set<MonitorId>> monitors, FlapRule flap, Duration certificateWarning) {
        this(id, type, url, secret, events, remindEvery, options, monitors, flap, certificateWarning, Optional.empty());
    }

    /** A channel warning of certificates {@link #DEFAULT_CERTIFICATE_WARNING} before they expire. */
    public ChannelSettings(String id, ChannelType type, URI url, Optional<String> secret, Set<EventType> events,
                           Optional<Duration> remindEvery, Map<String, String> options,
                           Optional<Set<MonitorId>> monitors, FlapRule flap) {
        this(id, type, url, secret, events, remindEvery, options, monitors, flap, DEFAULT_CERTIFICATE_WARNING);
    }

    /** A channel without reminders or type options. */
    public ChannelSettings(String id, ChannelType type, URI url, Optional<String> secret, Set<EventType> events) {
        this(id, type, url, secret, events, Optional.empty(), Map.of(), Optional.empty(), FlapRule.DEFAULT);
    }

    /** A Telegram channel posting to {@code chatId} as the bot {@code botToken}, through the Bot API at {@code apiUrl}. */
    public static ChannelSettings telegram(String id, URI apiUrl, String botToken, String chatId) {
        return new ChannelSettings(id, ChannelType.TELEGRAM, apiUrl, Optional.empty(), EnumSet.allOf(EventType.class),
                Optional.empty(), Map.of(BOT_TOKEN_KEY, botToken, CHAT_ID_KEY, chatId), Optional.empty(), FlapRule.DEFAULT);
    }

    /** An email channel: the SMTP server at {@code smtpUrl} ({@code smtp://host:port} or {@code smtps://...}). */
    public static ChannelSettings email(String id, URI smtpUrl, String from, String to) {
        return new ChannelSettings(id, ChannelType.EMAIL, smtpUrl, Optional.empty(), EnumSet.allOf(EventType.class),
                Optional.empty(), Map.of(FROM_KEY, from, TO_KEY, to), Optional.empty(), FlapRule.DEFAULT);
    }

    /** This channel, reminding every {@code every} while a service stays down. */
    public ChannelSettings withRemindEvery(Duration every) {
        return new ChannelSettings(id, type, url, secret, events, Optional.of(every), options, monitors,
                flap, certificateWarning, template);
    }

    /** This channel, receiving the events of {@code only} these monitors. */
    public ChannelSettings withMonitors(Set<MonitorId> only) {
        return new ChannelSettings(id, type, url, secret, events, remindEvery, options, Optional.of(only),
                flap, certificateWarning, template);
    }

    /** This channel with another flap rule. */
    public ChannelSettings withFlap(FlapRule rule) {
        return new ChannelSettings(id, type, url, secret, events, remindEvery, options, monitors, rule,
                certificateWarning, template);
    }

    /** This channel, warning of a certificate once it expires within {@code period}. */
    public ChannelSettings withCertificateWarning(Duration period) {
        return new ChannelSettings(id, type, url, secret, events, remindEvery, options, monitors, flap, period, template);
    }

    /** This channel, sending {@code message} for status events. */
    public ChannelSettings withTemplate(MessageTemplate message) {
        return new ChannelSettings(id, type, url, secret, events, remindEvery, options, monitors, flap,
                certificateWarning, Optional.of(message));
    }

    /** True when this channel receives events of {@code monitor} (routing). */
    public boolean routes(MonitorId monitor) {
        return monitors.map(only -> only.contains(monitor)).orElse(true);
    }

    /**
     * The signing secrets: {@code secret} holds one, or — while a secret is being rotated — several
     * {@code whsec_} secrets separated by spaces; each delivery then carries one signature per secret. A raw secret
     * (without the prefix) is always one secret, spaces included.
     */
    public List<String> secrets() {
        return secretsOf(secret);
    }

    static List<String> secretsOf(Optional<String> secret) {
        return secret.map(String::trim)
                .map(s -> s.startsWith("whsec_") ? List.of(s.split("\\s+")) : List.of(s))
                .orElse(List.of());
    }

    /** A channel of {@code type} at {@code url} with no secret, subscribed to every event. */
    public static ChannelSettings of(String id, ChannelType type, URI url) {
        return new ChannelSettings(id, type, url, Optional.empty(), EnumSet.allOf(EventType.class));
    }

    /**
     * A channel from configuration text, as a config loader reads it.
     *
     * @param type   {@code webhook}, {@code slack} or {@code discord}
     * @param events configuration names ({@code down}, {@code up}, {@code degraded}, {@code incident}); empty means all
     * @throws IllegalArgumentException naming the channel and the offending field
     */
    public static ChannelSettings fromConfig(String id, String type, String url, Optional<String> secret,
                                             List<String> events) {
        Objects.requireNonNull(id, "id");
        String where = "channel '" + id + "': ";
        if (type == null) {
            throw new IllegalArgumentException(where + "type is required (webhook, slack, discord, teams, telegram or ntfy)");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(where + "url is required");
        }
        ChannelType channelType;
        try {
            channelType = ChannelType.fromConfigName(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "type " + e.getMessage(), e);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // The message of URISyntaxException repeats the whole URL, which may carry a token: name the position only.
            throw new IllegalArgumentException(where + "url is not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        Set<EventType> subscribed = EnumSet.noneOf(EventType.class);
        for (String event : Objects.requireNonNull(events, "events")) {
            try {
                subscribed.add(EventType.fromConfigName(event));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "events: " + e.getMessage(), e);
            }
        }
        if (subscribed.isEmpty()) {
            subscribed = EnumSet.allOf(EventType.class);
        }
        return new ChannelSettings(id, channelType, uri, secret.map(String::trim), subscribed);
    }

    /** This channel, signed with {@code secret}. */
    public ChannelSettings withSecret(String secret) {
        return new ChannelSettings(id, type, url, Optional.of(secret), events, remindEvery, options, monitors,
                flap, certificateWarning, template);
    }

    /** This channel, subscribed to {@code events} only. */
    public ChannelSettings withEvents(Collection<EventType> events) {
        return new ChannelSettings(id, type, url, secret, Set.copyOf(events), remindEvery, options, monitors,
                flap, certificateWarning, template);
    }

    /** True when this channel receives {@code event}. */
    public boolean accepts(EventType event) {
        return events.contains(event);
    }

    /** The URL without path, query or user info, safe to log. */
    public String redactedUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "/…";
    }

    @Override
    public String toString() {
        return "ChannelSettings[id=" + id + ", type=" + type.configName() + ", url=" + redactedUrl()
                + ", secret=" + (secret.isPresent() ? "***" : "none") + ", events=" + events
                + remindEvery.map(d -> ", remindEvery=" + DurationText.format(d)).orElse("")
                + (options.containsKey(CHAT_ID_KEY) ? ", chatId=" + options.get(CHAT_ID_KEY) + ", botToken=***" : "")
                + (options.containsKey(TO_KEY) ? ", from=" + options.get(FROM_KEY) + ", to=" + options.get(TO_KEY)
                        + (options.containsKey(PASSWORD_KEY) ? ", password=***" : "") : "")
                + monitors.map(m -> ", monitors=" + new TreeSet<>(m.stream().map(MonitorId::value).toList())).orElse("")
                + ", flap=" + (flap.enabled() ? flap.maxChanges() + " in " + DurationText.format(flap.window()) : "off")
                + ", certificateWarning=" + DurationText.format(certificateWarning)
                + (template.isPresent() ? ", template=" + template.get().text().length() + " characters" : "") + "]";
    }

    /** Checks that {@code url} is {@code smtp://host[:port]} or {@code smtps://host[:port]}. */
    static void checkSmtpUrl(String field, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("smtp") || scheme.equals("smtps")) || url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException(field + " must be smtp://host:port or smtps://host:port");
        }
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException(field + " must not hold credentials; use username and password");
        }
    }

    /**
     * Checks that {@code url} is an absolute http(s) URL with a host.
     *
     * @param field how to name the URL in the error, e.g. {@code channel 'ops': url}
     */
    static void checkUrl(String field, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(field + " must be an absolute http or https URL, got "
                    + (scheme.isEmpty() ? "no scheme" : "scheme '" + scheme + "'"));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException(field + " must name a host");
        }
    }
}
