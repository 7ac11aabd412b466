package dev.upwatch.web.reader;

import dev.upwatch.web.auth.StaffCredential;
import dev.upwatch.web.i18n.Languages;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the {@link ReaderScope} of a request: the page {@link PageRouter} routed it to (the default page when no router
 * ran), and the language {@link Languages#choose} picks from the {@code lang} parameter, the cookie, the browser's
 * {@code Accept-Language} and the page's default. The page's public address comes from {@code page.public-url} when set,
 * so that links in feeds do not depend on the host a reader used.
 *
 * <p>Staff: a request the access filter found a valid API token on ({@link StaffCredential}) gets the same page made
 * from the engine's full view ({@code staff}), where private monitors show; nothing else changes, since every route
 * takes its view from the scope. An API token stands in for the console's sign-in until that exists; a signed-in
 * session will put the same credential on its requests.
 */
public final class ReaderScopes {
    private final StatusPages pages;
    private final StatusPages staff;

    /**
     * @param pages the pages as the public sees them
     * @param staff the same pages made from the engine's full view
     */
    public ReaderScopes(StatusPages pages, StatusPages staff) {
        this.pages = Objects.requireNonNull(pages, "pages");
        this.staff = Objects.requireNonNull(staff, "staff");
    }

    /** Every page, as the public sees them. */
    public StatusPages pages() {
        return pages;
    }

    /** The scope of {@code request}. */
    public ReaderScope of(HttpServletRequest request) {
        RoutedPage routed = request.getAttribute(RoutedPage.ATTRIBUTE) instanceof RoutedPage found ? found
                : new RoutedPage(pages.defaultPage(), "");
        StatusPage page = request.getAttribute(StaffCredential.ATTRIBUTE) instanceof StaffCredential
                ? staff.bySlug(routed.page().slug()).orElseThrow() : routed.page();
        return new ReaderScope(page, routed.prefix(), baseUri(routed, request), language(request, page));
    }

    /** The language of {@code request} on {@code page}. */
    static Locale language(HttpServletRequest request, StatusPage page) {
        String cookie = null;
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie each : cookies) {
                if (each.getName().equals(Languages.COOKIE)) {
                    cookie = each.getValue();
                }
            }
        }
        return Languages.choose(request.getParameter(Languages.PARAMETER), cookie, request.getHeader("Accept-Language"),
                page.language());
    }

    private static URI baseUri(RoutedPage routed, HttpServletRequest request) {
        Optional<URI> configured = routed.page().shared().publicUrl();
        String path = routed.prefix() + "/";
        if (configured.isPresent()) {
            URI publicUrl = withSlash(configured.get());
            if (routed.prefix().isEmpty() && routed.page().host().isPresent()) {
                return URI.create(publicUrl.getScheme() + "://" + routed.page().host().get() + "/");
            }
            return publicUrl.resolve(path.substring(1));
        }
        StringBuffer url = request.getRequestURL();
        String origin = url.substring(0, url.indexOf("/", url.indexOf("//") + 2) < 0 ? url.length()
                : url.indexOf("/", url.indexOf("//") + 2));
        return URI.create(origin + path);
    }

    private static URI withSlash(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        String bare = query < 0 ? text : text.substring(0, query);
        return URI.create(bare.endsWith("/") ? bare : bare + "/");
    }
}
