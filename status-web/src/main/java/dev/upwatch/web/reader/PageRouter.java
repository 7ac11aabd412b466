package dev.upwatch.web.reader;

import dev.upwatch.web.auth.PageAccess;
import dev.upwatch.web.i18n.Languages;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The first filter of every request: finds the status page it is for — {@code /p/<slug>/…}, {@code /s/<secret>/…}, a
 * page whose host name is the {@code Host} header, else the default page — and puts it on the request
 * ({@link RoutedPage}, and its {@link PageAccess} for the access filter, which runs next). Under a prefix only the
 * readers' routes exist; the request goes on with the prefix as its context path, so the resources serve the same paths
 * for every page and Jersey's base address is the page's. An unknown slug or secret, a secret page asked for by slug or
 * by its host without the secret, and any other route under a prefix are 404, all alike (the answer does not say
 * whether a page exists). A {@code lang} parameter naming a language sets the cookie that remembers it.
 */
public final class PageRouter implements Filter {
    /** The routes a page has, relative to its root: exactly these ... */
    private static final Set<String> PAGE_PATHS = Set.of("/", "/history", "/live", "/report", "/api/v1/status",
            "/api/v1/services", "/api/v1/incidents", "/api/v1/events", "/api/v1/report");
    /** ... and everything under these. */
    private static final List<String> PAGE_TREES = List.of("/services/", "/report/", "/feeds/", "/api/v1/services/",
            "/api/v1/report/", "/api/v1/exports/", "/badge/");
    /** A remembered language choice lasts a year. */
    private static final int LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600;

    private final StatusPages pages;

    public PageRouter(StatusPages pages) {
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        boolean bySlug = path.startsWith("/p/");
        if (bySlug || path.startsWith("/s/")) {
            int end = path.indexOf('/', 3);
            String name = path.substring(3, end < 0 ? path.length() : end);
            Optional<StatusPage> page = bySlug ? pages.bySlug(name).filter(p -> !p.isDefault()
                    && !(p.access() instanceof PageAccess.SecretLink)) : pages.bySecret(name);
            if (page.isEmpty()) {
                notFound(response);
                return;
            }
            String prefix = path.substring(0, 3) + name;
            if (end < 0) { // the page's root without its slash: links relative to it need the slash
                String query = request.getQueryString();
                response.setStatus(308);
                response.setHeader("Location", request.getContextPath() + request.getRequestURI().substring(
                        request.getContextPath().length()) + "/" + (query == null ? "" : "?" + query));
                return;
            }
            String rest = path.substring(end);
            if (!isPageRoute(rest)) {
                notFound(response);
                return;
            }
            if (!bySlug) {
                // The secret is in the address: keep it out of the Referer of links followed from the page, and out
                // of search engines.
                response.setHeader("Referrer-Policy", "no-referrer");
                response.setHeader("X-Robots-Tag", "noindex, nofollow");
            }
            route(request, response, chain, new RoutedPage(page.get(), prefix), rest);
            return;
        }
        StatusPage page = pages.byHost(request.getHeader("Host")).orElse(pages.defaultPage());
        if (isPageRoute(path) && page.access() instanceof PageAccess.SecretLink) {
            notFound(response); // a secret page is reached through its link only, also on its own host
            return;
        }
        route(request, response, chain, new RoutedPage(page, ""), path);
    }

    private static void route(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                              RoutedPage routed, String rest) throws IOException, ServletException {
        request.setAttribute(RoutedPage.ATTRIBUTE, routed);
        if (isPageRoute(rest)) {
            request.setAttribute(PageAccess.ATTRIBUTE, routed.page().access());
            if (isHtmlPage(rest)) {
                rememberLanguage(request, response);
            }
        }
        chain.doFilter(routed.prefix().isEmpty() ? request : new Prefixed(request, routed.prefix(), rest), response);
    }

    /** Whether {@code path} (relative to a page's root) is one of the routes a page has. */
    public static boolean isPageRoute(String path) {
        return PAGE_PATHS.contains(path) || PAGE_TREES.stream().anyMatch(path::startsWith);
    }

    /**
     * Whether {@code path} is a page a visitor opens (home, service, history, report): the language links point there.
     * The page script's own requests ({@code /live}, charts) and feeds carry the page's language without choosing it.
     */
    private static boolean isHtmlPage(String path) {
        return path.equals("/") || path.equals("/history") || path.equals("/report") || path.startsWith("/report/")
                || (path.startsWith("/services/") && path.indexOf('/', "/services/".length()) < 0);
    }

    /** A language link ({@code ?lang=de}) sets the cookie that keeps the choice on the visitor's next pages. */
    private static void rememberLanguage(HttpServletRequest request, HttpServletResponse response) {
        Languages.byTag(request.getParameter(Languages.PARAMETER)).ifPresent(locale ->
                response.addHeader("Set-Cookie", Languages.COOKIE + "=" + locale.toLanguageTag() + "; Path=/; Max-Age="
                        + LANGUAGE_COOKIE_SECONDS + "; SameSite=Lax"));
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().write("Not found\n");
    }

    /** The request as the routes under a prefix see it: the prefix is the context path. */
    private static final class Prefixed extends HttpServletRequestWrapper {
        private final String prefix;
        private final String rest;

        Prefixed(HttpServletRequest request, String prefix, String rest) {
            super(request);
            this.prefix = prefix;
            this.rest = rest;
        }

        @Override
        public String getContextPath() {
            return super.getContextPath() + prefix;
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public String getPathInfo() {
            return rest;
        }
    }
}
