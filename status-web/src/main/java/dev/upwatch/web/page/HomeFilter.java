package dev.upwatch.web.page;

import dev.upwatch.web.api.StatusSummary;
import dev.upwatch.web.reader.ReaderScope;
import dev.upwatch.web.reader.ReaderScopes;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * Answers {@code GET} and {@code HEAD /} of the request's status page before Jersey, from the page's last render
 * ({@link LivePages#latestHome}): the gzip bytes made once per version, or the plain bytes; ETag and 304 on
 * {@code If-None-Match}. It sits behind the router and the access filter, so a private page still needs credentials
 * and the security headers are set. The page is the same render the live stream sends changes of: this only skips
 * Jersey's resource matching and entity writing, which cost more than the copy of the bytes.
 */
public final class HomeFilter implements Filter {
    /** A page differs by compression and by the language chosen from these. */
    static final String VARY = "Accept-Encoding, Accept-Language, Cookie";

    private final ReaderScopes scopes;
    private final LiveSites sites;

    public HomeFilter(ReaderScopes scopes, LiveSites sites) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.sites = Objects.requireNonNull(sites, "sites");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String method = request.getMethod();
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        if (!"/".equals(path) || !(method.equals("GET") || method.equals("HEAD"))) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        ReaderScope scope = scopes.of(request);
        LivePage rendered = sites.pages(scope.page(), scope.locale()).latestHome(sites.snapshots(scope.page()).current());
        response.setHeader("ETag", rendered.etag());
        response.setHeader("Vary", VARY);
        response.setHeader("Cache-Control", "no-cache, no-transform"); // as JAX-RS CacheControl writes it
        if (StatusSummary.matches(request.getHeader("If-None-Match"), rendered.etag())) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        boolean gzip = rendered.gzip() != null && StatusSummary.acceptsGzip(request.getHeader("Accept-Encoding"));
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", scope.locale().toLanguageTag());
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
            response.setContentLength(rendered.gzip().length);
        } else {
            response.setContentLengthLong(rendered.body().stream().mapToLong(part -> part.length).sum());
        }
        if (method.equals("HEAD")) {
            return;
        }
        if (gzip) {
            response.getOutputStream().write(rendered.gzip());
        } else {
            rendered.writeHtml(response.getOutputStream());
        }
    }
}
