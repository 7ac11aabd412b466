package dev.upwatch.web.export;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.Objects;

/**
 * The export routes under a service's path; each subclass mounts them at its own root with its own view of the
 * services ({@link ExportResource}, {@link OperatorExportResource}).
 */
public abstract class ExportEndpoints {
    private final ExportRoutes routes;

    ExportEndpoints(ExportRoutes routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** Samples in {@code [from, to)}, oldest first, as CSV (default) or JSON. */
    @GET
    @Path("samples")
    public Response samples(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to,
                            @QueryParam("format") String format, @Context HttpServletRequest request) {
        return routes.samples(request, id, from, to, format);
    }

    /** Rollups of one tier (default {@code hour}) whose bucket starts in {@code [from, to)}, oldest first. */
    @GET
    @Path("rollups")
    public Response rollups(@PathParam("id") String id, @QueryParam("tier") String tier, @QueryParam("from") String from,
                            @QueryParam("to") String to, @QueryParam("format") String format,
                            @Context HttpServletRequest request) {
        return routes.rollups(request, id, tier, from, to, format);
    }

    /** A HEAD says nothing about the data and streams nothing (so it takes no export place). */
    @HEAD
    @Path("{kind: samples|rollups}")
    public Response head() {
        return Response.ok().build();
    }
}
