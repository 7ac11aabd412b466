package dev.upwatch.web.badge;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** Shields-like SVG badges of a service of the request's status page, for READMEs and dashboards; read from memory. */
@Path("/badge/{id}")
@Produces(BadgeResource.SVG)
public final class BadgeResource {
    static final String SVG = "image/svg+xml";
    /** Badges are embedded by third-party pages and image proxies: let them cache briefly. */
    private static final int MAX_AGE_SECONDS = 60;

    private final ReaderScopes scopes;

    @Inject
    BadgeResource(ReaderScopes scopes) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
    }

    /** The current status in words, coloured by status. */
    @GET
    @Path("status.svg")
    public Response status(@PathParam("id") String id, @Context HttpServletRequest request) {
        return find(request, id).map(service -> badge(new BadgeSvg(service.monitor().name(), service.status().wireName(),
                colour(service.status())))).orElseGet(() -> notFound("status"));
    }

    /** Uptime over {@code 24h}, {@code 7d}, {@code 30d}, {@code 90d} or {@code 365d}. */
    @GET
    @Path("uptime/{window}.svg")
    public Response uptime(@PathParam("id") String id, @PathParam("window") String windowLabel,
                           @Context HttpServletRequest request) {
        Optional<UptimeWindow> window = UptimeWindow.fromLabel(windowLabel);
        if (window.isEmpty()) {
            return Response.status(Response.Status.BAD_REQUEST).entity(new BadgeSvg("uptime", "window must be 24h, 7d, 30d, 90d or 365d",
                    BadgeSvg.GREY).render()).type(SVG).cacheControl(cache()).build();
        }
        return find(request, id).map(service -> {
            OptionalDouble uptime = service.uptime(window.get());
            String label = "uptime " + window.get().label();
            if (uptime.isEmpty()) {
                return badge(new BadgeSvg(label, "no data", BadgeSvg.GREY));
            }
            double value = uptime.getAsDouble();
            String text = value >= 100.0 ? "100%" : String.format(Locale.ROOT, "%.2f%%", Math.floor(value * 100 + 1e-9) / 100);
            String colour = value >= 99.9 ? BadgeSvg.UP : value >= 99.0 ? BadgeSvg.DEGRADED : BadgeSvg.DOWN;
            return badge(new BadgeSvg(label, text, colour));
        }).orElseGet(() -> notFound("uptime"));
    }

    /** The latest response time. */
    @GET
    @Path("response-time.svg")
    public Response responseTime(@PathParam("id") String id, @Context HttpServletRequest request) {
        return find(request, id).map(service -> badge(service.lastSample().map(Sample::responseTime)
                .map(time -> new BadgeSvg("response time", (time.toNanos() / 1_000_000) + " ms",
                        service.status() == Status.UP ? BadgeSvg.UP : colour(service.status())))
                .orElse(new BadgeSvg("response time", "no data", BadgeSvg.GREY)))).orElseGet(() -> notFound("response time"));
    }

    private Optional<ServiceStatus> find(HttpServletRequest request, String id) {
        try {
            return scopes.of(request).page().status().service(MonitorId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String colour(Status status) {
        return switch (status) {
            case UP -> BadgeSvg.UP;
            case DEGRADED -> BadgeSvg.DEGRADED;
            case DOWN -> BadgeSvg.DOWN;
            case MAINTENANCE -> BadgeSvg.MAINTENANCE;
            case UNKNOWN -> BadgeSvg.GREY;
        };
    }

    private static Response badge(BadgeSvg badge) {
        return Response.ok(badge.render(), SVG).cacheControl(cache()).build();
    }

    private static Response notFound(String label) {
        return Response.status(Response.Status.NOT_FOUND).entity(new BadgeSvg(label, "unknown service", BadgeSvg.GREY).render())
                .type(SVG).cacheControl(cache()).build();
    }

    private static CacheControl cache() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        return cache;
    }
}
