package dev.upwatch.web.reader;

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
 * <p>Signed-in staff: the console's accounts do not exist yet. When they do, the session's principal is read here
 * ({@link #staff}) and a staff member gets the same page narrowed from the engine's full view instead of the public one
 * ({@link StatusPages#of} over {@code UpwatchEngine.statusQuery()}), which is where private monitors show to staff;
 * nothing else changes, since every route takes its view from the scope.
 */
public final class ReaderScopes {
    private final StatusPages pages;

    public ReaderScopes(StatusPages pages) {
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    /** Every page. */
    public StatusPages pages() {
        return pages;
    }

    /** The scope of {@code request}. */
    public ReaderScope of(HttpServletRequest request) {
        RoutedPage routed = request.getAttribute(RoutedPage.ATTRIBUTE) instanceof RoutedPage found ? found
                : new RoutedPage(pages.defaultPage(), "");
        return of(routed, staff(request), language(request, routed.page()), request);
    }

    private ReaderScope of(RoutedPage routed, Optional<StaffPrincipal> staff, Locale locale, HttpServletRequest request) {
        if (staff.isPresent()) {
            throw new IllegalStateException("staff pages come with the console's accounts");
        }
        return new ReaderScope(routed.page(), routed.prefix(), baseUri(routed, request), locale);
    }

    /** The signed-in staff member of a request: nobody, until the console's sessions exist. */
    private static Optional<StaffPrincipal> staff(HttpServletRequest request) {
        return Optional.empty();
    }

    /**
     * A signed-in console account (the seam for issue #22's "signed-in staff see private monitors").
     *
     * @param account the account's name
     */
    public record StaffPrincipal(String account) {
        public StaffPrincipal {
            Objects.requireNonNull(account, "account");
        }
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
