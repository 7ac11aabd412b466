package dev.upwatch.web.feed;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.port.MaintenanceQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Atom and RSS 2.0 feeds of incidents and maintenance: {@code /feeds/atom} and {@code /feeds/rss} for the page,
 * {@code /feeds/services/{id}/atom} and {@code .../rss} for one service. Answers carry a strong ETag (a hash of the
 * document) and {@code Last-Modified} (the newest entry's time), and 304 when the reader has the current one.
 */
@Path("/feeds")
public final class FeedResource {
    private static final String ATOM = "application/atom+xml; charset=UTF-8";
    private static final String RSS = "application/rss+xml; charset=UTF-8";
    /** Feed readers poll; let caches keep a feed five minutes. */
    private static final int MAX_AGE_SECONDS = 300;

    private final StatusQuery status;
    private final FeedEntries entries;
    private final ReaderScopes scopes;
    private final Clock clock;

    @Inject
    FeedResource(StatusQuery status, IncidentQuery incidents, MaintenanceQuery maintenance, ReaderScopes scopes,
                 Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = new FeedEntries(incidents, status, maintenance, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The page's incidents and maintenance as Atom 1.0. */
    @GET
    @Path("atom")
    public Response pageAtom(@Context UriInfo uri, @Context Request request) {
        FeedDocument feed = page(scopes.of(uri), "feeds/atom");
        return answer(feed.atom(), ATOM, feed, request);
    }

    /** The page's incidents and maintenance as RSS 2.0. */
    @GET
    @Path("rss")
    public Response pageRss(@Context UriInfo uri, @Context Request request) {
        FeedDocument feed = page(scopes.of(uri), "feeds/rss");
        return answer(feed.rss(), RSS, feed, request);
    }

    /** One service's incidents and maintenance as Atom 1.0. */
    @GET
    @Path("services/{id}/atom")
    public Response serviceAtom(@PathParam("id") String id, @Context UriInfo uri, @Context Request request) {
        FeedDocument feed = service(scopes.of(uri), id, "atom");
        return answer(feed.atom(), ATOM, feed, request);
    }

    /** One service's incidents and maintenance as RSS 2.0. */
    @GET
    @Path("services/{id}/rss")
    public Response serviceRss(@PathParam("id") String id, @Context UriInfo uri, @Context Request request) {
        FeedDocument feed = service(scopes.of(uri), id, "rss");
        return answer(feed.rss(), RSS, feed, request);
    }

    private FeedDocument page(ReaderScope scope, String self) {
        Instant now = clock.instant();
        List<FeedEntry> list = entries.of(scope.page(), Optional.empty(), now);
        return new FeedDocument(scope, FeedEntries.id(scope.page(), "feed", "page"),
                scope.title() + ": incidents and maintenance", self, "", updated(list), list);
    }

    private FeedDocument service(ReaderScope scope, String id, String format) {
        ServiceStatus service = find(id);
        Instant now = clock.instant();
        List<FeedEntry> list = entries.of(scope.page(), Optional.of(service.monitor().id()), now);
        String path = "services/" + URLEncoder.encode(service.monitor().id().value(), StandardCharsets.UTF_8);
        return new FeedDocument(scope, FeedEntries.id(scope.page(), "feed", "service:" + service.monitor().id().value()),
                scope.title() + ": " + service.monitor().name() + " incidents and maintenance",
                "feeds/" + path + "/" + format, path, updated(list), list);
    }

    /** The newest entry's update; without entries, the time this process started (a fixed point, not now). */
    private Instant updated(List<FeedEntry> list) {
        return list.stream().map(FeedEntry::updated).max(Instant::compareTo).orElse(entries.announced());
    }

    private ServiceStatus find(String id) {
        try {
            return status.service(MonitorId.of(id)).orElseThrow(() -> new NotFoundException("no service '" + id + "'"));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no service '" + id + "'");
        }
    }

    private static Response answer(byte[] body, String type, FeedDocument feed, Request request) {
        EntityTag tag = new EntityTag(HexFormat.of().formatHex(sha256(body), 0, 16));
        Date modified = Date.from(feed.updated().truncatedTo(ChronoUnit.SECONDS));
        CacheControl cache = new CacheControl();
        cache.setMaxAge(MAX_AGE_SECONDS);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(modified, tag);
        if (unchanged != null) {
            return unchanged.cacheControl(cache).tag(tag).lastModified(modified).build();
        }
        return Response.ok(body, type).tag(tag).lastModified(modified).cacheControl(cache).build();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
