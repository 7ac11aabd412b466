package dev.upwatch.web.api;

import dev.upwatch.core.model.DurationText;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.servlet.http.HttpServletRequest;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.rule.ResponseTimeSeries;
import dev.upwatch.core.rule.RollupSeries;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The public read API under {@code /api/v1}, of the request's status page ({@link ReaderScopes}): every service read
 * here is one of the page's.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
    private static final int MAX_SAMPLES = 500;
    private static final int MAX_PAGE = 1_000;
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    private static final Duration MAX_RANGE = Duration.ofDays(90);
    /** Buckets in a series when no resolution is given. */
    private static final int DEFAULT_BUCKETS = 48;

    private final ReaderScopes scopes;
    private final SampleStore samples;
    private final Clock clock;
    private final StatusSummaries summaries;

    @Inject
    StatusResource(ReaderScopes scopes, UpwatchEngine engine, Clock clock, StatusSummaries summaries) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.samples = engine.samples(); // with the samples not written yet: the page never lags the status
        this.clock = Objects.requireNonNull(clock, "clock");
        this.summaries = Objects.requireNonNull(summaries, "summaries");
    }

    private StatusQuery status(HttpServletRequest request) {
        return scopes.of(request).page().status();
    }

    private StatusSummary summary(HttpServletRequest request) {
        return summaries.of(scopes.of(request).page());
    }

    /**
     * The state of every service; serialized once per change and answered with 304 when the client has it. A GET is
     * answered before Jersey by {@link SummaryFilter} from the same document; this method serves HEAD (and GET
     * should the filter not be installed).
     */
    @GET
    @Path("status")
    public Response status(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                           @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
                           @Context HttpServletRequest request) {
        StatusDocument.Rendered rendered = summary(request).current();
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        if (StatusSummary.matches(ifNoneMatch, rendered.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, rendered.etag()).cacheControl(revalidate).build();
        }
        boolean gzip = StatusSummary.acceptsGzip(acceptEncoding);
        return Response.ok(gzip ? rendered.gzip() : rendered.json(), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CONTENT_ENCODING, gzip ? "gzip" : null)
                .header(HttpHeaders.VARY, "Accept-Encoding")
                .header(HttpHeaders.ETAG, rendered.etag()).cacheControl(revalidate).build();
    }

    /** Every service, in display order. */
    @GET
    @Path("services")
    public ServicesJson services(@Context HttpServletRequest request) {
        ApiRepresentations.Today today = summary(request).today();
        return new ServicesJson(status(request).snapshot().services().stream()
                .map(s -> ApiRepresentations.service(s, today)).toList());
    }

    /** One service with its newest checks. */
    @GET
    @Path("services/{id}")
    public ServiceDetailJson service(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("50") int limit,
                                     @Context HttpServletRequest request) {
        if (limit < 1 || limit > MAX_SAMPLES) {
            throw new BadRequestProblem("limit", "must be between 1 and " + MAX_SAMPLES + ", got " + limit);
        }
        StatusQuery status = status(request);
        ServiceStatus service = find(status, id);
        return ApiRepresentations.detail(service, status.recentSamples(service.monitor().id(), limit),
                summary(request).today());
    }

    /** Checks of one service in {@code [from, to)}, oldest first, a page at a time. */
    @GET
    @Path("services/{id}/samples")
    public SamplePageJson samples(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("100") String limitText,
                                  @QueryParam("location") String location, @Context HttpServletRequest request) {
        ServiceStatus service = find(status(request), id);
        int limit = integer("limit", limitText, 1, MAX_PAGE);
        Instant start;
        Instant end;
        if (cursor != null) {
            Instant[] range = decodeCursor(cursor);
            start = range[0];
            end = range[1];
        } else {
            end = instant("to", to).orElse(clock.instant());
            start = instant("from", from).orElse(end.minus(DEFAULT_RANGE));
            checkRange(start, end);
        }
        Optional<Location> takenFrom = location == null ? Optional.empty() : Optional.of(location(location));
        List<Sample> page = takenFrom.isPresent()
                ? samples.between(service.monitor().id(), takenFrom.get(), start, end, limit + 1)
                : samples.between(service.monitor().id(), start, end, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = encodeCursor(page.getLast().startedAt().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS), end);
        }
        return new SamplePageJson(page.stream().map(ApiRepresentations::sample).toList(), next);
    }

    /** The {@code location} query parameter, or a 400 naming it. */
    private static Location location(String text) {
        try {
            return Location.of(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem("location", e.getMessage());
        }
    }

    /** Uptime of one service over a window ending now ({@code 24h}, {@code 7d}, {@code 30d}, {@code 90d}, {@code 365d}). */
    @GET
    @Path("services/{id}/uptime")
    public UptimeJson uptime(@PathParam("id") String id, @QueryParam("window") @DefaultValue("30d") String window,
                             @Context HttpServletRequest request) {
        ServiceStatus service = find(status(request), id);
        UptimeWindow chosen = UptimeWindow.fromLabel(window).orElseThrow(() -> new BadRequestProblem("window",
                "must be one of " + Arrays.stream(UptimeWindow.values()).map(UptimeWindow::label).toList() + ", got '" + window + "'"));
        return ApiRepresentations.uptime(service, chosen);
    }

    /**
     * Checks of one service in equal buckets with response-time percentiles, read from the rollups: the range starts
     * at {@code from} rounded down to the minute and the resolution is a whole number of minutes.
     */
    @GET
    @Path("services/{id}/series")
    public SeriesJson series(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("resolution") String resolution, @Context HttpServletRequest request) {
        StatusQuery status = status(request);
        ServiceStatus service = find(status, id);
        Instant end = instant("to", to).orElse(clock.instant());
        Instant start = RollupTier.MINUTE.floor(instant("from", from).orElse(end.minus(DEFAULT_RANGE)));
        checkRange(start, end);
        Duration step;
        if (resolution == null) {
            long minutes = (Duration.between(start, end).toMinutes() + DEFAULT_BUCKETS - 1) / DEFAULT_BUCKETS;
            step = Duration.ofMinutes(Math.max(1, minutes));
        } else {
            try {
                step = DurationText.parse(resolution);
            } catch (IllegalArgumentException e) {
                throw new BadRequestProblem("resolution", e.getMessage());
            }
            if (step.toSeconds() < 60 || step.toSeconds() % 60 != 0) {
                throw new BadRequestProblem("resolution", "must be a whole number of minutes (1m or more), got '"
                        + resolution + "'");
            }
            long buckets = (Duration.between(start, end).toSeconds() + step.toSeconds() - 1) / step.toSeconds();
            if (buckets > ResponseTimeSeries.MAX_BUCKETS) {
                throw new BadRequestProblem("resolution", "makes " + buckets + " buckets; at most "
                        + ResponseTimeSeries.MAX_BUCKETS + " are allowed");
            }
        }
        RollupTier tier = RollupSeries.tierFor(start, step);
        List<Rollup> rollups = status.rollups(service.monitor().id(), tier, start, end);
        return ApiRepresentations.series(service.monitor().id(), start, end, step,
                RollupSeries.of(rollups, start, end, step));
    }

    private static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new BadRequestProblem("from", "must be before to (" + to + "), got " + from);
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new BadRequestProblem("from", "the range may span at most 90 days");
        }
    }

    private static java.util.Optional<Instant> instant(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(parameter, "must be an ISO-8601 instant like 2026-11-24T12:00:00Z, got '" + text + "'");
        }
    }

    private static int integer(String parameter, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new BadRequestProblem(parameter, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequestProblem(parameter, "must be a whole number, got '" + text + "'");
        }
    }

    /** The cursor names the rest of the range: next start and end, in epoch microseconds. */
    private static String encodeCursor(Instant from, Instant to) {
        String plain = "v1:" + ChronoUnit.MICROS.between(Instant.EPOCH, from) + ":" + ChronoUnit.MICROS.between(Instant.EPOCH, to);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static Instant[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException("unknown cursor version");
            }
            Instant from = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            Instant to = Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS);
            if (from.isAfter(to)) {
                throw new IllegalArgumentException("empty range");
            }
            return new Instant[] {from, to};
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem("cursor", "is not a cursor this API returned");
        }
    }

    private static ServiceStatus find(StatusQuery status, String id) {
        try {
            return status.service(MonitorId.of(id)).orElseThrow(() -> new NotFoundException("no service '" + id + "'"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no service '" + id + "'");
        }
    }
}
