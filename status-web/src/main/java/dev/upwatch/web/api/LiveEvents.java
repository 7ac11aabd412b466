package dev.upwatch.web.api;

import dev.upwatch.core.model.StatusChange;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.web.reader.StatusPage;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Server-Sent Events behind {@code /api/v1/events}, per status page: a {@code status} event with the page's whole
 * summary when a client connects, a {@code change} event for every status change of one of the page's services, and a
 * comment every {@link #HEARTBEAT} so that proxies keep idle streams open and clients notice a dead one. Status changes
 * arrive on the checking thread and are broadcast from this class's own thread, so a slow client never delays probing.
 */
public final class LiveEvents implements Notifier, AutoCloseable {
    /** Interval between keep-alive comments. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final Provider<StatusSummaries> summaries;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "upwatch-events");
        thread.setDaemon(true);
        return thread;
    });
    /** The clients of each page that has any. */
    private final Map<StatusPage, SseBroadcaster> broadcasters = new ConcurrentHashMap<>();
    private volatile Sse sse;

    /** The summaries are provided lazily: the engine that reads them is built with this notifier. */
    @Inject
    LiveEvents(Provider<StatusSummaries> summaries) {
        this.summaries = Objects.requireNonNull(summaries, "summaries");
    }

    /** Registers a new client of {@code page} and sends it the page's current summary at once. */
    void subscribe(StatusPage page, SseEventSink sink, Sse context) {
        SseBroadcaster current = broadcaster(page, context);
        OutboundSseEvent first = event(context, "status", ApiRepresentations.status(page.status().snapshot(),
                summaries.get().of(page).today()));
        sink.send(first).thenRun(() -> current.register(sink));
    }

    private synchronized SseBroadcaster broadcaster(StatusPage page, Sse context) {
        if (sse == null) {
            sse = context;
            long seconds = HEARTBEAT.toSeconds();
            sender.scheduleAtFixedRate(this::heartbeat, seconds, seconds, TimeUnit.SECONDS);
        }
        return broadcasters.computeIfAbsent(page, p -> context.newBroadcaster());
    }

    @Override
    public void statusChanged(StatusChange change) {
        if (broadcasters.isEmpty()) {
            return; // nobody listens yet
        }
        sender.execute(() -> broadcasters.forEach((page, broadcaster) ->
                page.status().service(change.monitor().id()).ifPresent(service -> broadcaster.broadcast(event(sse,
                        "change", ApiRepresentations.change(page.status().snapshot(), service,
                                summaries.get().of(page).today()))))));
    }

    private void heartbeat() {
        broadcasters.values().forEach(broadcaster -> broadcaster.broadcast(sse.newEventBuilder().comment("heartbeat")
                .build()));
    }

    private static OutboundSseEvent event(Sse context, String name, Object data) {
        return context.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }

    /** Ends every open stream and the sending thread. */
    @Override
    public void close() {
        sender.shutdownNow();
        broadcasters.values().forEach(SseBroadcaster::close);
    }
}
