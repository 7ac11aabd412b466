package dev.upwatch.web.feed;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

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
 * Atom and RSS 2.0 feeds of incidents and maintenance of the request's status page, in its language (a feed reader
 * keeps the {@code ?lang=} of the page's feed links): {@code /feeds/atom} and {@code /feeds/rss} for the page,
 * {@code /feeds/services/{id}/atom} and {@code .../rss} for one service. Answers carry a strong ETag (a hash of the
 * document) and {@code Last-Modified} (the newest entry's time), and 304 when the reader has the current one.
 */
@Path("/feeds")
public final class FeedResource {
    private static final String ATOM = "application/atom+xml; charset=UTF-8";
    private static final String RSS = "application/rss+xml; charset=UTF-8";
    /** Feed readers poll; let caches keep a feed five minutes. */
    private static final int MAX_AGE_SECONDS = 300;
    /** A feed's language is chosen from these (and its {@code lang} parameter). */
    private static final String VARY = "Accept-Language, Cookie";

    private final FeedEntries entries;
    private final ReaderScopes scopes;
    private final Clock clock;

    @Inject
    FeedResource(ReaderScopes scopes, Clock clock) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entries = new FeedEntries(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The page's incidents and maintenance as Atom 1.0. */
    @GET
    @Path("atom")
    public Response pageAtom(@Context HttpServletRequest http, @Context Request request) {
        FeedDocument feed = page(scopes.of(http), "feeds/atom");
        return answer(feed.atom(), ATOM, feed, request);
    }

    /** The page's incidents and maintenance as RSS 2.0. */
    @GET
    @Path("rss")
    public Response pageRss(@Context HttpServletRequest http, @Context Request request) {
        FeedDocument feed = page(scopes.of(http), "feeds/rss");
        return answer(feed.rss(), RSS, feed, request);
    }

    /** One service's incidents and maintenance as Atom 1.0. */
    @GET
    @Path("services/{id}/atom")
    public Response serviceAtom(@PathParam("id") String id, @Context HttpServletRequest http, @Context Request request) {
        FeedDocument feed = service(scopes.of(http), id, "atom");
        return answer(feed.atom(), ATOM, feed, request);
    }

    /** One service's incidents and maintenance as RSS 2.0. */
    @GET
    @Path("services/{id}/rss")
    public Response serviceRss(@PathParam("id") String id, @Context HttpServletRequest http, @Context Request request) {
        FeedDocument feed = service(scopes.of(http), id, "rss");
        return answer(feed.rss(), RSS, feed, request);
    }

    private FeedDocument page(ReaderScope scope, String self) {
        Instant now = clock.instant();
        List<FeedEntry> list = entries.of(scope, Optional.empty(), now);
        return new FeedDocument(scope, FeedEntries.id(scope.slug(), "feed", "page"),
                scope.messages().text("feed.title", scope.title()), self, "", updated(list), list);
    }

    private FeedDocument service(ReaderScope scope, String id, String format) {
        ServiceStatus service = find(scope, id);
        Instant now = clock.instant();
        List<FeedEntry> list = entries.of(scope, Optional.of(service.monitor().id()), now);
        String path = "services/" + URLEncoder.encode(service.monitor().id().value(), StandardCharsets.UTF_8);
        return new FeedDocument(scope, FeedEntries.id(scope.slug(), "feed", "service:" + service.monitor().id().value()),
                scope.messages().text("feed.serviceTitle", scope.title(), service.monitor().name()),
                "feeds/" + path + "/" + format, path, updated(list), list);
    }

    /** The newest entry's update; without entries, the time this process started (a fixed point, not now). */
    private Instant updated(List<FeedEntry> list) {
        return list.stream().map(FeedEntry::updated).max(Instant::compareTo).orElse(entries.announced());
    }

    private static ServiceStatus find(ReaderScope scope, String id) {
        try {
            return scope.page().status().service(MonitorId.of(id)).orElseThrow(() -> new NotFoundException("no service '" + id + "'"));
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
        String language = feed.scope().locale().toLanguageTag();
        if (unchanged != null) {
            return unchanged.cacheControl(cache).tag(tag).lastModified(modified).header("Vary", VARY).build();
        }
        return Response.ok(body, type).tag(tag).lastModified(modified).cacheControl(cache).header("Vary", VARY)
                .header("Content-Language", language).build();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
