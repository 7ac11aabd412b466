package dev.upwatch.web.api;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.probe.PushInbox;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/v1/push/{token}} (and {@code GET}, for a plain {@code curl} in a cron job): a push monitor's
 * job reports that it ran, optionally with {@code status=up|down} and a message {@code msg}. The monitor is
 * checked at once; a push missing for longer than interval + grace makes it fail.
 */
@Path("/api/v1/push/{token}")
@Produces(MediaType.APPLICATION_JSON)
public final class PushResource {
    /** Longest message kept, in characters. */
    static final int MAX_MESSAGE = 500;

    private final PushInbox pushes;
    private final Clock clock;

    @Inject
    PushResource(PushInbox pushes, Clock clock) {
        this.pushes = Objects.requireNonNull(pushes, "pushes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the push was taken as. */
    public record PushJson(String monitor, String status, Instant receivedAt) {
    }

    @POST
    public Response post(@PathParam("token") String token, @QueryParam("status") String status,
                         @QueryParam("msg") String message) {
        return push(token, status, message);
    }

    @GET
    public Response get(@PathParam("token") String token, @QueryParam("status") String status,
                        @QueryParam("msg") String message) {
        return push(token, status, message);
    }

    private Response push(String token, String status, String message) {
        boolean up = switch (status == null ? "up" : status.strip().toLowerCase(Locale.ROOT)) {
            case "up", "" -> true;
            case "down" -> false;
            default -> throw new BadRequestProblem("status", "must be up or down, got '" + status + "'");
        };
        Optional<String> text = Optional.ofNullable(message).map(String::strip).filter(m -> !m.isEmpty());
        if (text.isPresent() && text.get().length() > MAX_MESSAGE) {
            throw new BadRequestProblem("msg", "must be at most " + MAX_MESSAGE + " characters");
        }
        MonitorId monitor = pushes.receive(token, up, text)
                .orElseThrow(() -> new NotFoundException("no push monitor has this token"));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new PushJson(monitor.value(), up ? "up" : "down", clock.instant())).cacheControl(noStore).build();
    }
}
