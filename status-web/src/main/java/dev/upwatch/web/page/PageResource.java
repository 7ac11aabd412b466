package dev.upwatch.web.page;

import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.web.config.PageConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.Objects;

/** The server-rendered pages and their static assets. */
@Path("/")
public final class PageResource {
    private final StatusQuery status;
    private final PageConfig page;
    private final AssetCatalog assets;
    private final Clock clock;

    @Inject
    PageResource(StatusQuery status, PageConfig page, AssetCatalog assets, Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.page = Objects.requireNonNull(page, "page");
        this.assets = Objects.requireNonNull(assets, "assets");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The status page: complete without JavaScript; the script then keeps it current. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response home() {
        StatusPageView view = PageViews.statusPage(page.title(), page.refresh().toSeconds(), status.snapshot(),
                PageViews.today(clock.instant()));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(new Html("index.ftlh", view)).cacheControl(noStore).build();
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
