package dev.upwatch.web.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.Objects;

/** {@code GET /api/v1/events}: live status as Server-Sent Events. */
@Path("/api/v1/events")
public final class EventsResource {
    private final LiveEvents events;

    @Inject
    EventsResource(LiveEvents events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Opens a stream: a {@code status} event now, then a {@code change} event per status change. */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        events.subscribe(sink, sse);
    }
}
