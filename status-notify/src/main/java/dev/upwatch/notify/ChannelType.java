package dev.upwatch.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** The payload format of a channel, chosen by its configured {@code type}. */
public enum ChannelType {
    /** Generic JSON event, optionally signed per Standard Webhooks v1. */
    WEBHOOK,
    /** Slack incoming webhook: Block Kit blocks with a {@code text} fallback. */
    SLACK,
    /** Discord webhook: {@code content} plus one embed coloured by status. */
    DISCORD,
    /** Microsoft Teams workflow webhook ("Post to a channel when a webhook request is received"): an Adaptive Card. */
    TEAMS,
    /** Telegram Bot API {@code sendMessage}: HTML text to one chat. */
    TELEGRAM,
    /** ntfy: a JSON publish (topic, title, message, priority, tags, click) to the server of the topic URL. */
    NTFY,
    /** Email over SMTP ({@code smtp://} with STARTTLS, or {@code smtps://}): a plain-text message. */
    EMAIL;

    /** The name used in configuration, e.g. {@code slack}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type with the given configuration name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static ChannelType fromConfigName(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.configName().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a channel type; expected one of "
                        + Arrays.stream(values()).map(ChannelType::configName).collect(Collectors.joining(", "))));
    }
}
