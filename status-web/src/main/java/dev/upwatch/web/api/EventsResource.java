package dev.upwatch.web.api;

import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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
    private final ReaderScopes scopes;

    @Inject
    EventsResource(LiveEvents events, ReaderScopes scopes) {
        this.events = Objects.requireNonNull(events, "events");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
    }

    /**
     * Opens a stream of the request's status page: a {@code status} event now, then a {@code change} event per status
     * change of one of its services.
     */
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse, @Context HttpServletRequest request) {
        events.subscribe(scopes.of(request).page(), sink, sse);
    }
}
