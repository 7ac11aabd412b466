package dev.upwatch.web.api;

import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** {@code GET /api/v1/incidents}: incidents and maintenance notices of the request's status page. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public final class IncidentResource {
    private static final Duration DEFAULT_RANGE = Duration.ofDays(90);
    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final ReaderScopes scopes;
    private final Clock clock;

    @Inject
    IncidentResource(ReaderScopes scopes, Clock clock) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Active incidents, and those overlapping {@code [from, to)} (default: the last 90 days). */
    @GET
    public IncidentsJson incidents(@QueryParam("from") String from, @QueryParam("to") String to,
                                   @Context HttpServletRequest request) {
        IncidentQuery incidents = scopes.of(request).page().incidents();
        Instant end = instant("to", to, clock.instant());
        Instant start = instant("from", from, end.minus(DEFAULT_RANGE));
        if (!start.isBefore(end)) {
            throw new BadRequestProblem("from", "must be before to (" + end + "), got " + start);
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new BadRequestProblem("from", "the range may span at most 366 days");
        }
        return new IncidentsJson(incidents.active().stream().map(ApiRepresentations::incident).toList(),
                incidents.between(start, end).stream().map(ApiRepresentations::incident).toList());
    }

    private static Instant instant(String parameter, String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(parameter, "must be an ISO-8601 instant like 2026-11-24T12:00:00Z, got '" + text + "'");
        }
    }
}
