package dev.upwatch.web.auth;

import jakarta.servlet.http.HttpServletResponse;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The hardening headers every response carries. The Content-Security-Policy allows scripts and styles only from
 * this origin (no {@code unsafe-inline}: the templates have no inline script, style or event handler; everything
 * is in the hashed files of the asset catalog), images also as {@code data:} URIs and from the configured logo's
 * origin, and no framing.
 */
final class SecurityHeaders {
    private final String contentSecurityPolicy;

    /** @param logo the page's logo URL, whose origin images may come from */
    SecurityHeaders(Optional<URI> logo) {
        String images = "'self' data:" + logo.filter(URI::isAbsolute).filter(u -> u.getHost() != null)
                .map(u -> " " + origin(u)).orElse("");
        contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images
                + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** The Content-Security-Policy value. */
    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("X-Frame-Options", "DENY");
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
