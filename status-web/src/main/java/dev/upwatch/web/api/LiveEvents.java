package dev.upwatch.web.api;

import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.StatusQuery;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Server-Sent Events behind {@code /api/v1/events}: a {@code status} event with the whole summary when a
 * client connects, a {@code change} event for every status change, and a comment every {@link #HEARTBEAT} so
 * that proxies keep idle streams open and clients notice a dead one. Status changes arrive on the checking
 * thread and are broadcast from this class's own thread, so a slow client never delays probing.
 */
public final class LiveEvents implements Notifier, AutoCloseable {
    /** Interval between keep-alive comments. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Provider<StatusQuery> status;
    private final Provider<StatusSummary> summary;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "upwatch-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Sse sse;
    private volatile SseBroadcaster broadcaster;

    /** The status query is provided lazily: the engine that reads it is built with this notifier. */
    @Inject
    LiveEvents(Provider<StatusQuery> status, Provider<StatusSummary> summary) {
        this.status = Objects.requireNonNull(status, "status");
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** Registers a new client and sends it the current summary at once. */
    void subscribe(SseEventSink sink, Sse context) {
        SseBroadcaster current = broadcaster(context);
        OutboundSseEvent first = event(context, "status", ApiRepresentations.status(status.get().snapshot(),
                summary.get().today()));
        sink.send(first).thenRun(() -> current.register(sink));
    }

    private synchronized SseBroadcaster broadcaster(Sse context) {
        if (broadcaster == null) {
            sse = context;
            broadcaster = context.newBroadcaster();
            long seconds = HEARTBEAT.toSeconds();
            sender.scheduleAtFixedRate(this::heartbeat, seconds, seconds, TimeUnit.SECONDS);
        }
        return broadcaster;
    }

    @Override
    public void statusChanged(StatusChange change) {
        if (broadcaster == null) {
            return; // nobody listens yet
        }
        sender.execute(() -> status.get().service(change.monitor().id()).ifPresent(service ->
                broadcaster.broadcast(event(sse, "change", ApiRepresentations.change(status.get().snapshot(), service,
                        summary.get().today())))));
    }

    private void heartbeat() {
        broadcaster.broadcast(sse.newEventBuilder().comment("heartbeat").build());
    }

    private static OutboundSseEvent event(Sse context, String name, Object data) {
        return context.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }

    /** Ends every open stream and the sending thread. */
    @Override
    public void close() {
        sender.shutdownNow();
        SseBroadcaster open = broadcaster;
        if (open != null) {
            open.close();
        }
    }
}
