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
    private static final int RECENT_CHECKS = 25;
    private static final int RECENT_INCIDENTS = 10;
    private static final int HISTORY_MONTHS = 6;
    private static final MediaType HTML = MediaType.valueOf("text/html; charset=UTF-8");
    private final StatusQuery status;
    private final PageConfig page;
    private final AssetCatalog assets;
    private final Clock clock;

    private final IncidentQuery incidents;
    private final MaintenanceCalendar maintenance;
    private final RowCache rows;
    private final HomePageCache homePage;
    private final BarIncidents barIncidents;
    private final dev.upwatch.core.port.GroupCatalog groups;

    @Inject
    PageResource(StatusQuery status, IncidentQuery incidents, PageConfig page, AssetCatalog assets,
                 Clock clock, MaintenanceCalendar maintenance, BarIncidents barIncidents,
                 dev.upwatch.core.port.GroupCatalog groups) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.status = Objects.requireNonNull(status, "status");
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        FreemarkerWriter templates = new FreemarkerWriter(assets);
        this.rows = new RowCache(templates);
        this.homePage = new HomePageCache(templates);
        this.barIncidents = Objects.requireNonNull(barIncidents, "barIncidents");
        this.page = Objects.requireNonNull(page, "page");
        this.assets = Objects.requireNonNull(assets, "assets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The status page: complete without JavaScript; the script then keeps it current. Rendered and compressed
     * once per change of what it shows ({@link HomePageCache}); answered with 304 while the client has it.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                         @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        StatusSnapshot snapshot = status.snapshot();
        Instant now = clock.instant();
        Map<MonitorId, String> names = names(snapshot);
        List<Incident> active = incidents.active();
        List<IncidentView> notices = new java.util.ArrayList<>(
                active.stream().map(i -> PageViews.incident(i, names, now)).toList());
        List<MaintenanceWindow.Occurrence> windows = maintenance.currentAndUpcoming(now, MaintenanceCalendar.ANNOUNCE_AHEAD);
        for (int i = 0; i < windows.size(); i++) {
            notices.add(PageViews.maintenance(windows.get(i), i, names, now));
        }
        StatusPageView view = PageViews.statusPage(page, snapshot, PageViews.today(now), notices,
                barIncidents.byService(active), groups.groups(), rows);
        HomePageCache.Rendered rendered = homePage.of(view);
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
        ChartSeries chart = chartSeries(service.monitor().id(), chartWindow(windowLabel), clock.instant());
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

    /** A chart's buckets over {@code [from, to)} and the percentiles of the whole range. */
    private record ChartSeries(UptimeWindow window, Instant from, Instant to, List<SeriesBucket> buckets,
                               Optional<ResponseTimes> overall) {
    }

    /**
     * The chart of {@code window} ending at {@code to}, read from the rollups as {@code /api/v1/services/{id}/series}
     * is, so that it costs the same at any check rate and history length: minute rollups over 24 h (1,440 rows at
     * most), hour rollups over 7 d and 30 d (168 and 720 rows). The range starts at the tier's bucket holding
     * {@code to − window}, so it is up to one bucket longer than the window; the percentiles come from the merged
     * 142-bucket latency histograms.
     */
    private ChartSeries chartSeries(MonitorId id, UptimeWindow window, Instant to) {
        RollupTier tier = window == UptimeWindow.H24 ? RollupTier.MINUTE : RollupTier.HOUR;
        Instant from = tier.floor(to.minus(window.length()));
        List<Rollup> rollups = status.rollups(id, RollupSeries.tierFor(from, PageViews.chartResolution(window)), from, to);
        List<SeriesBucket> buckets = RollupSeries.of(rollups, from, to, PageViews.chartResolution(window));
        Duration whole = Duration.ofMinutes(Duration.between(from, to).plusSeconds(59).toMinutes());
        Optional<ResponseTimes> overall = RollupSeries.of(rollups, from, to, whole).getFirst().responseTimes();
        return new ChartSeries(window, from, to, buckets, overall);
    }

    private static UptimeWindow chartWindow(String label) {
        return UptimeWindow.fromLabel(label).filter(PageViews.CHART_WINDOWS::contains).orElse(UptimeWindow.H24);
    }

    /** One service: its response-time percentiles over 24 h, 7 d or 30 d and its newest checks. */
    @GET
    @Path("services/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response service(@PathParam("id") String id, @QueryParam("window") @DefaultValue("24h") String windowLabel) {
        Optional<ServiceStatus> found = find(id);
        if (found.isEmpty()) {
            return notFound("There is no service “" + id + "” on this page.");
        }
        ServiceStatus service = found.get();
        ChartSeries chart = chartSeries(service.monitor().id(), chartWindow(windowLabel), clock.instant());
        Instant to = chart.to();
        Map<MonitorId, String> names = names(status.snapshot());
        ServicePageView view = PageViews.servicePage(page, service, PageViews.today(to), chart.window(), chart.from(), to,
                chart.buckets(), chart.overall(), status.recentSamples(service.monitor().id(), RECENT_CHECKS),
                incidents.forService(service.monitor().id(), RECENT_INCIDENTS).stream()
                        .map(i -> PageViews.incident(i, names, to)).toList());
        return Response.ok(new Html("service.ftlh", view)).cacheControl(noStore()).build();
    }

    /** Past incidents by month, newest first, with duration and affected services. */
    @GET
    @Path("history")
    @Produces(MediaType.TEXT_HTML)
    public Response history() {
        Instant now = clock.instant();
        Instant from = java.time.YearMonth.from(now.atZone(java.time.ZoneOffset.UTC)).minusMonths(HISTORY_MONTHS - 1L)
                .atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        IncidentView.HistoryView view = PageViews.history(page, incidents.between(from, now.plusSeconds(1)),
                names(status.snapshot()), now, HISTORY_MONTHS);
        return Response.ok(new Html("history.ftlh", view)).cacheControl(noStore()).build();
    }

    private static Map<MonitorId, String> names(StatusSnapshot snapshot) {
        Map<MonitorId, String> names = new java.util.HashMap<>();
        snapshot.services().forEach(s -> names.put(s.monitor().id(), s.monitor().name()));
        return names;
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
