package dev.upwatch.web.auth;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The hardening headers every response carries, our own answers and the web server's error answers alike. The
 * Content-Security-Policy allows scripts and styles only from this origin (no {@code unsafe-inline}: the templates
 * have no inline script, style or event handler; everything is in the hashed files of the asset catalog), images
 * also as {@code data:} URIs and from the configured logo's origin, and no framing.
 */
public final class SecurityHeaders {
    private final String contentSecurityPolicy;
    /** Encoded once: they go out with every response. */
    private final List<HttpField> fields;

    /** @param logos the pages' logo URLs, whose origins images may come from */
    public SecurityHeaders(List<URI> logos) {
        String images = "'self' data:" + logos.stream().filter(URI::isAbsolute).filter(u -> u.getHost() != null)
                .map(SecurityHeaders::origin).distinct().map(origin -> " " + origin).collect(Collectors.joining());
        contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images
                + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        fields = List.of(
                new PreEncodedHttpField("Content-Security-Policy", contentSecurityPolicy),
                new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
                new PreEncodedHttpField("Referrer-Policy", "strict-origin-when-cross-origin"),
                new PreEncodedHttpField("X-Frame-Options", "DENY"));
    }

    /** The Content-Security-Policy value. */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** Adds each header that {@code headers} does not have yet (a resource may set its own, stricter value). */
    public void addMissing(HttpFields.Mutable headers) {
        for (HttpField field : fields) {
            if (!headers.contains(field.getName())) {
                headers.add(field);
            }
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
