package dev.upwatch.notify;

import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;

import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Sends status changes to webhook, Slack and Discord channels on its own threads, with Standard Webhooks
 * signing and retries. {@link #statusChanged} only filters and queues, so it returns at once; see
 * {@link DeliveryPolicy} for attempts, timeouts and the queue, and {@link EventType#of} for which changes notify.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {
    private final List<Channel> channels;
    private final Optional<URI> publicBaseUrl;
    private final Dispatcher dispatcher;

    /**
     * A notifier for {@code channels}.
     *
     * @param clock         stamps {@code webhook-timestamp} and reads HTTP-date {@code Retry-After} headers
     * @param publicBaseUrl the status page's public address, e.g. {@code https://status.example.com}; when given,
     *                      messages link to {@code <publicBaseUrl>/services/<monitor id>}
     * @param policy        attempt delays, per-attempt timeout, queue capacity and close timeout
     * @throws IllegalArgumentException when two channels share an id or the base URL is not http(s)
     */
    public WebhookNotifier(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl,
                           DeliveryPolicy policy) {
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(policy, "policy");
        Set<String> ids = new HashSet<>();
        for (ChannelSettings channel : channels) {
            if (!ids.add(Objects.requireNonNull(channel, "channel").id())) {
                throw new IllegalArgumentException("channel id '" + channel.id() + "' is used by two channels");
            }
        }
        publicBaseUrl.ifPresent(url -> ChannelSettings.checkUrl("publicBaseUrl", url));
        this.channels = channels.stream().map(Channel::of).toList();
        this.publicBaseUrl = publicBaseUrl;
        this.dispatcher = new Dispatcher(clock, policy);
    }

    /** A notifier with the {@linkplain DeliveryPolicy#defaults() default policy}. */
    public static WebhookNotifier create(List<ChannelSettings> channels, Clock clock, Optional<URI> publicBaseUrl) {
        return new WebhookNotifier(channels, clock, publicBaseUrl, DeliveryPolicy.defaults());
    }

    /** Queues the change for every channel subscribed to its event; never blocks, never throws for delivery. */
    @Override
    public void statusChanged(StatusChange change) {
        Optional<EventType> type = EventType.of(change);
        if (type.isEmpty()) {
            return;
        }
        Event event = Event.of(type.get(), change, publicBaseUrl);
        for (Channel channel : channels) {
            if (channel.settings().accepts(event.type())) {
                dispatcher.submit(channel, event);
            }
        }
    }

    /** Delivered, failed, dropped and pending notifications so far. */
    public DeliveryCounts counts() {
        return dispatcher.counts();
    }

    /** The configured channels. */
    public List<ChannelSettings> channels() {
        return channels.stream().map(Channel::settings).toList();
    }

    /** Stops accepting changes, waits up to the policy's close timeout for pending ones, then stops its threads. */
    @Override
    public void close() {
        dispatcher.close();
    }
}
