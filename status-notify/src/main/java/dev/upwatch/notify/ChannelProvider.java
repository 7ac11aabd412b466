package dev.upwatch.notify;

import dev.upwatch.notify.discord.DiscordProvider;
import dev.upwatch.notify.email.EmailProvider;
import dev.upwatch.notify.ntfy.NtfyProvider;
import dev.upwatch.notify.slack.SlackProvider;
import dev.upwatch.notify.teams.TeamsProvider;
import dev.upwatch.notify.telegram.TelegramProvider;
import dev.upwatch.notify.webhook.WebhookProvider;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one channel type knows, for one configured channel: its payload, where its requests go and with which
 * headers, its rate rule and how to read its refusals. One implementation per package ({@code webhook},
 * {@code slack}, {@code discord}, {@code teams}, {@code telegram}, {@code ntfy}, {@code email}), as Gatus keeps one
 * folder per provider; the dispatcher knows only this interface and the {@link Transport}s.
 */
public interface ChannelProvider {

    /** Which transport carries a channel's messages. */
    enum Carrier {
        /** A POST of the rendered body. */
        HTTP,
        /** A mail through the channel's SMTP server. */
        SMTP
    }

    /** The channel as configured. */
    ChannelSettings settings();

    /** Renders events for this channel. */
    PayloadFormat format();

    /** How its messages travel: HTTP unless the type says otherwise. */
    default Carrier carrier() {
        return Carrier.HTTP;
    }

    /** Where an HTTP attempt is POSTed: the configured URL unless the type builds another. */
    default URI target() {
        return settings().url();
    }

    /** Headers of one HTTP attempt beyond {@code Content-Type} and {@code User-Agent}; none unless the type adds some. */
    default Map<String, String> headers(String messageId, byte[] body, Instant attemptAt) {
        return Map.of();
    }

    /** The least time between two requests to this channel; zero unless the type has a rate rule. */
    default Duration minInterval() {
        return Duration.ZERO;
    }

    /**
     * The name of the group of channels whose requests share one send slot sequence ({@link #minInterval} apart in
     * total, not per channel); empty, the default, for a channel paced alone.
     */
    default Optional<String> paceGroup() {
        return Optional.empty();
    }

    /** The wait a 429 answer's body asks for, in the type's own error format; empty when it names none. */
    default Optional<Duration> retryAfter(String body) {
        return Optional.empty();
    }

    /** Names the channel for logs without its URL's path, which for Slack and Discord is a credential. */
    default String describe() {
        return "channel '" + settings().id() + "' (" + settings().url().getHost() + ")";
    }

    /** The provider of {@code settings}' type. */
    static ChannelProvider of(ChannelSettings settings) {
        return switch (settings.type()) {
            case WEBHOOK -> new WebhookProvider(settings);
            case SLACK -> new SlackProvider(settings);
            case DISCORD -> new DiscordProvider(settings);
            case TEAMS -> new TeamsProvider(settings);
            case TELEGRAM -> new TelegramProvider(settings);
            case NTFY -> new NtfyProvider(settings);
            case EMAIL -> new EmailProvider(settings);
        };
    }
}
