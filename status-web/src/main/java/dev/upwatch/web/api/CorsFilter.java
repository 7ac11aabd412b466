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
import java.util.function.BiConsumer;

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
        MultivaluedMap<String, Object> headers = response.getHeaders();
        apply(request.getUriInfo().getPath(), request.getMethod(), request.getHeaderString("Origin"), headers::add,
                headers::putSingle);
    }

    /**
     * Adds the CORS headers for a request, through {@code add} (a further value) and {@code set} (the only value);
     * shared with {@link SummaryFilter}, which answers before Jersey.
     *
     * @param path the request path without its leading slash, e.g. {@code api/v1/status}
     */
    void apply(String path, String method, String origin, BiConsumer<String, String> add, BiConsumer<String, String> set) {
        if (origins.isEmpty() || !(path.startsWith("api/v1/") || path.startsWith("badge/"))) {
            return;
        }
        add.accept("Vary", "Origin");
        if (origin == null || !(any || origins.contains(origin.toLowerCase(Locale.ROOT)))) {
            return;
        }
        set.accept("Access-Control-Allow-Origin", any ? "*" : origin);
        set.accept("Access-Control-Expose-Headers", "ETag");
        if (method.equals("OPTIONS")) {
            set.accept("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
            set.accept("Access-Control-Allow-Headers", "If-None-Match, Last-Event-ID, Cache-Control");
            set.accept("Access-Control-Max-Age", "3600");
        }
    }
}
