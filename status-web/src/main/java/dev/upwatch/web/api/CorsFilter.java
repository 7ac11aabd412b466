package dev.upwatch.web.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin reads of the API and badges for the origins in {@code page.cors-origins} ({@code *}: any). Only
 * reads: the answer allows GET, HEAD and OPTIONS, and no credentials. Pages are never shared cross-origin.
 */
@Provider
public final class CorsFilter implements ContainerResponseFilter {
    private final Set<String> origins;
    private final boolean any;

    public CorsFilter(List<String> origins) {
        this.origins = Set.copyOf(Objects.requireNonNull(origins, "origins"));
        this.any = this.origins.contains("*");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (origins.isEmpty() || !(path.startsWith("api/v1/") || path.startsWith("badge/"))) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.add("Vary", "Origin");
        String origin = request.getHeaderString("Origin");
        if (origin == null || !(any || origins.contains(origin.toLowerCase(Locale.ROOT)))) {
            return;
        }
        headers.putSingle("Access-Control-Allow-Origin", any ? "*" : origin);
        headers.putSingle("Access-Control-Expose-Headers", "ETag");
        if (request.getMethod().equals("OPTIONS")) {
            headers.putSingle("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
            headers.putSingle("Access-Control-Allow-Headers", "If-None-Match, Last-Event-ID, Cache-Control");
            headers.putSingle("Access-Control-Max-Age", "3600");
        }
    }
}
