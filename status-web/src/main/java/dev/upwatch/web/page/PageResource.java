package dev.upwatch.web.page;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.web.api.StatusSummary;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
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

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The server-rendered pages of every status page and their static assets. Which page and language a request is for
 * comes from its {@link ReaderScope}; the page's renders from {@link LiveSites}.
 */
@Path("/")
public final class PageResource {
    private static final MediaType HTML = MediaType.valueOf("text/html; charset=UTF-8");
    /** A page differs by compression and by the language chosen from these. */
    private static final String VARY = HomeFilter.VARY;
    private final ReaderScopes scopes;
    private final AssetCatalog assets;
    private final Clock clock;
    private final LiveSites sites;

    @Inject
    PageResource(ReaderScopes scopes, AssetCatalog assets, Clock clock, LiveSites sites) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.assets = Objects.requireNonNull(assets, "assets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sites = Objects.requireNonNull(sites, "sites");
    }

    /**
     * The status page: complete without JavaScript; the script then keeps it current through {@code /live}. Rendered
     * and compressed once per version of the page's live snapshot and language ({@link LivePages}); while one request
     * renders a new version, the others are answered the last rendered one; answered with 304 while the client has it.
     * In the server {@link HomeFilter} answers {@code GET} and {@code HEAD /} the same way before Jersey; this method
     * keeps the route in the application's model (OpenAPI, the route tests) and serves a server without the filter.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                         @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
                         @Context HttpServletRequest request) {
        ReaderScope scope = scopes.of(request);
        LivePage rendered = sites.pages(scope.page(), scope.locale()).latestHome(sites.snapshots(scope.page()).current());
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        if (StatusSummary.matches(ifNoneMatch, rendered.etag())) {
            return Response.notModified().header(HttpHeaders.ETAG, rendered.etag()).header(HttpHeaders.VARY, VARY)
                    .cacheControl(revalidate).build();
        }
        boolean gzip = StatusSummary.acceptsGzip(acceptEncoding);
        Object body = gzip ? rendered.gzip() : (jakarta.ws.rs.core.StreamingOutput) rendered::writeHtml;
        return Response.ok(body, HTML)
                .header(HttpHeaders.CONTENT_ENCODING, gzip ? "gzip" : null)
                .header(HttpHeaders.VARY, VARY)
                .header(HttpHeaders.CONTENT_LANGUAGE, scope.locale().toLanguageTag())
                .header(HttpHeaders.ETAG, rendered.etag()).cacheControl(revalidate).build();
    }

    /** One service's response-time chart as an HTML fragment, for the home page's expandable details. */
    @GET
    @Path("services/{id}/chart")
    @Produces(MediaType.TEXT_HTML)
    public Response chart(@PathParam("id") String id, @QueryParam("window") @DefaultValue("24h") String windowLabel,
                          @Context HttpServletRequest request) {
        ReaderScope scope = scopes.of(request);
        Optional<ServiceStatus> found = find(scope, id);
        if (found.isEmpty()) {
            return notFound(scope, id, "../../");
        }
        ServiceStatus service = found.get();
        Messages messages = scope.messages();
        LivePages.ChartSeries chart = sites.pages(scope.page(), scope.locale())
                .chart(service.monitor().id(), PageKey.chartWindow(windowLabel), clock.instant());
        ChartFragmentView view = new ChartFragmentView(service.monitor().name(), PageViews.chart(messages, chart.window(),
                chart.from(), chart.to(), chart.buckets(), chart.overall()), PageViews.windowLinks(chart.window()));
        return Response.ok(new Html("chart.ftlh", view, messages, "../../")).cacheControl(noStore())
                .header(HttpHeaders.VARY, VARY).build();
    }

    private static Optional<ServiceStatus> find(ReaderScope scope, String id) {
        try {
            return scope.page().status().service(MonitorId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One service: its response-time percentiles over 24 h, 7 d or 30 d and its newest checks; kept current live. */
    @GET
    @Path("services/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response service(@PathParam("id") String id, @QueryParam("window") @DefaultValue("24h") String windowLabel,
                            @Context HttpServletRequest request) {
        ReaderScope scope = scopes.of(request);
        Optional<LivePage> rendered;
        try {
            rendered = sites.pages(scope.page(), scope.locale()).page(PageKey.service(MonitorId.of(id), windowLabel),
                    sites.snapshots(scope.page()).current());
        } catch (IllegalArgumentException e) {
            rendered = Optional.empty();
        }
        if (rendered.isEmpty()) {
            return notFound(scope, id, LivePages.SERVICE_ROOT);
        }
        return html(rendered.get(), scope);
    }

    /** Past incidents by month, newest first, with duration and affected services; kept current live. */
    @GET
    @Path("history")
    @Produces(MediaType.TEXT_HTML)
    public Response history(@Context HttpServletRequest request) {
        ReaderScope scope = scopes.of(request);
        return html(sites.pages(scope.page(), scope.locale()).page(PageKey.HISTORY,
                sites.snapshots(scope.page()).current()).orElseThrow(), scope);
    }

    private static Response html(LivePage rendered, ReaderScope scope) {
        return Response.ok(rendered.html(), HTML).cacheControl(noStore()).header(HttpHeaders.VARY, VARY)
                .header(HttpHeaders.CONTENT_LANGUAGE, scope.locale().toLanguageTag()).build();
    }

    private static Response notFound(ReaderScope scope, String id, String root) {
        Messages messages = scope.messages();
        return Response.status(Response.Status.NOT_FOUND)
                .entity(new Html("not-found.ftlh", new NotFoundView(scope.title(), PageViews.chrome(scope.page(), messages),
                        messages.text("notFound.service", id)), messages, root))
                .type(MediaType.TEXT_HTML_TYPE).header(HttpHeaders.VARY, VARY).cacheControl(noStore()).build();
    }

    private static CacheControl noStore() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return noStore;
    }

    /**
     * The 404 page's model.
     *
     * @param title   the status page's title
     * @param chrome  logo, links, footer and languages
     * @param message what was not found
     */
    public record NotFoundView(String title, StatusPageView.ChromeView chrome, String message) {
    }

    /** A static asset under its content-hashed name; cacheable for a year. */
    @GET
    @Path("assets/{file: [A-Za-z0-9._-]+}")
    public Response asset(@PathParam("file") String file) {
        AssetCatalog.Asset asset = assets.find("/assets/" + file).orElseThrow(() -> new NotFoundException("no asset " + file));
        CacheControl forever = new CacheControl();
        forever.setMaxAge(31_536_000);
        forever.getCacheExtension().put("immutable", null);
        return Response.ok(asset.content(), asset.contentType()).cacheControl(forever).build();
    }

    /** Liveness: the process serves HTTP. */
    @GET
    @Path("healthz")
    @Produces(MediaType.TEXT_PLAIN)
    public String health() {
        return "ok";
    }
}
