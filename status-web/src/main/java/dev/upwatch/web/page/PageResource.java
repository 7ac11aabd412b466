package dev.upwatch.web.page;

import dev.upwatch.core.model.MaintenanceWindow;
import dev.upwatch.core.model.Incident;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.ResponseTimes;
import dev.upwatch.core.model.Rollup;
import dev.upwatch.core.model.RollupTier;
import dev.upwatch.core.model.SeriesBucket;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.rule.MaintenanceCalendar;
import dev.upwatch.core.rule.RollupSeries;
import dev.upwatch.web.config.PageConfig;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/** The server-rendered pages and their static assets. */
@Path("/")
public final class PageResource {
    private static final MediaType HTML = MediaType.valueOf("text/html; charset=UTF-8");
    private final StatusQuery status;
    private final PageConfig page;
    private final AssetCatalog assets;
    private final Clock clock;
    private final LiveSnapshots snapshots;
    private final LivePages pages;

    @Inject
    PageResource(StatusQuery status, PageConfig page, AssetCatalog assets, Clock clock, LiveSnapshots snapshots,
                 LivePages pages) {
        this.status = Objects.requireNonNull(status, "status");
        this.page = Objects.requireNonNull(page, "page");
        this.assets = Objects.requireNonNull(assets, "assets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    /**
     * The status page: complete without JavaScript; the script then keeps it current through {@code /live}. Rendered
     * and compressed once per version of the live snapshot ({@link LivePages}); answered with 304 while the client
     * has it.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                         @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        LivePage rendered = pages.home(snapshots.current());
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        if (ifNoneMatch != null && Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(tag -> tag.equals(rendered.etag()) || tag.equals("W/" + rendered.etag()) || tag.equals("*"))) {
            return Response.notModified().header(HttpHeaders.ETAG, rendered.etag()).cacheControl(revalidate).build();
        }
        boolean gzip = acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
        Object body = gzip ? rendered.gzip() : (jakarta.ws.rs.core.StreamingOutput) rendered::writeHtml;
        return Response.ok(body, HTML)
                .header(HttpHeaders.CONTENT_ENCODING, gzip ? "gzip" : null)
                .header(HttpHeaders.VARY, "Accept-Encoding")
                .header(HttpHeaders.ETAG, rendered.etag()).cacheControl(revalidate).build();
    }

    /** One service's response-time chart as an HTML fragment, for the home page's expandable details. */
    @GET
    @Path("services/{id}/chart")
    @Produces(MediaType.TEXT_HTML)
    public Response chart(@PathParam("id") String id, @QueryParam("window") @DefaultValue("24h") String windowLabel) {
        Optional<ServiceStatus> found = find(id);
        if (found.isEmpty()) {
            return notFound("There is no service “" + id + "” on this page.");
        }
        ServiceStatus service = found.get();
        LivePages.ChartSeries chart = pages.chart(service.monitor().id(), PageKey.chartWindow(windowLabel), clock.instant());
        ChartFragmentView view = new ChartFragmentView(service.monitor().name(), PageViews.chart(chart.window(),
                chart.from(), chart.to(), chart.buckets(), chart.overall()), PageViews.windowLinks(chart.window()));
        return Response.ok(new Html("chart.ftlh", view)).cacheControl(noStore()).build();
    }

    private Optional<ServiceStatus> find(String id) {
        try {
            return status.service(MonitorId.of(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One service: its response-time percentiles over 24 h, 7 d or 30 d and its newest checks; kept current live. */
    @GET
    @Path("services/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response service(@PathParam("id") String id, @QueryParam("window") @DefaultValue("24h") String windowLabel) {
        Optional<LivePage> rendered;
        try {
            rendered = pages.page(PageKey.service(MonitorId.of(id), windowLabel), snapshots.current());
        } catch (IllegalArgumentException e) {
            rendered = Optional.empty();
        }
        if (rendered.isEmpty()) {
            return notFound("There is no service “" + id + "” on this page.");
        }
        return Response.ok(rendered.get().html(), HTML).cacheControl(noStore()).build();
    }

    /** Past incidents by month, newest first, with duration and affected services; kept current live. */
    @GET
    @Path("history")
    @Produces(MediaType.TEXT_HTML)
    public Response history() {
        LivePage rendered = pages.page(PageKey.HISTORY, snapshots.current()).orElseThrow();
        return Response.ok(rendered.html(), HTML).cacheControl(noStore()).build();
    }

    private Response notFound(String message) {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(new Html("not-found.ftlh", new NotFoundView(page.title(), PageViews.chrome(page), message)))
                .type(MediaType.TEXT_HTML_TYPE).cacheControl(noStore()).build();
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
     * @param chrome  logo, links and footer
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
