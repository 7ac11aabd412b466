package dev.upwatch.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A channel type's provider whose requests share the send slots of a group, {@code interval} apart in total: the
 * subscribers' mails and webhooks together never go out faster than the configured rate.
 *
 * @param type     the channel type's own provider (payload, headers, errors)
 * @param group    the pace group's name
 * @param interval the least time between two requests of the group
 */
record PacedProvider(ChannelProvider type, String group, Duration interval) implements ChannelProvider {
    PacedProvider {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(interval, "interval");
    }

    @Override
    public ChannelSettings settings() {
        return type.settings();
    }

    @Override
    public PayloadFormat format() {
        return type.format();
    }

    @Override
    public Carrier carrier() {
        return type.carrier();
    }

    @Override
    public URI target() {
        return type.target();
    }

    @Override
    public Map<String, String> headers(String messageId, byte[] body, Instant attemptAt) {
        return type.headers(messageId, body, attemptAt);
    }

    @Override
    public Duration minInterval() {
        return interval;
    }

    @Override
    public Optional<String> paceGroup() {
        return Optional.of(group);
    }

    @Override
    public Optional<Duration> retryAfter(String body) {
        return type.retryAfter(body);
    }

    @Override
    public String describe() {
        return "subscriber " + type.describe();
    }
}
