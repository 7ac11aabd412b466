package dev.upwatch.web.auth;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The hardening headers every response carries, our own answers and the web server's error answers alike. The
 * Content-Security-Policy allows scripts and styles only from this origin (no {@code unsafe-inline}: the templates
 * have no inline script, style or event handler; everything is in the hashed files of the asset catalog), images
 * also as {@code data:} URIs and from the origins of the pages' logos (the file's, or the console's in their place),
 * and no framing.
 */
public final class SecurityHeaders {
    private final Supplier<List<URI>> logos;
    /** The headers of the logo origins last seen: encoded once per change of the logos (the console may change one). */
    private volatile Encoded encoded;

    private record Encoded(List<String> origins, String contentSecurityPolicy, List<HttpField> fields) {
    }

    /** @param logos the pages' logo URLs, whose origins images may come from */
    public SecurityHeaders(List<URI> logos) {
        this(constant(logos));
    }

    /** @param logos the pages' logo URLs as they are now, whose origins images may come from */
    public SecurityHeaders(Supplier<List<URI>> logos) {
        this.logos = Objects.requireNonNull(logos, "logos");
        this.encoded = encode(origins(logos.get()));
    }

    /** The Content-Security-Policy value. */
    public String contentSecurityPolicy() {
        return current().contentSecurityPolicy();
    }

    /** Adds each header that {@code headers} does not have yet (a resource may set its own, stricter value). */
    public void addMissing(HttpFields.Mutable headers) {
        for (HttpField field : current().fields()) {
            if (!headers.contains(field.getName())) {
                headers.add(field);
            }
        }
    }

    private Encoded current() {
        List<String> origins = origins(logos.get());
        Encoded last = encoded;
        if (last.origins().equals(origins)) {
            return last;
        }
        Encoded next = encode(origins);
        encoded = next;
        return next;
    }

    private static List<String> origins(List<URI> logos) {
        return logos.stream().filter(URI::isAbsolute).filter(u -> u.getHost() != null).map(SecurityHeaders::origin)
                .distinct().toList();
    }

    private static Encoded encode(List<String> origins) {
        String images = "'self' data:" + origins.stream().map(origin -> " " + origin).collect(Collectors.joining());
        String policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + images
                + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        return new Encoded(origins, policy, List.of(
                new PreEncodedHttpField("Content-Security-Policy", policy),
                new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
                new PreEncodedHttpField("Referrer-Policy", "strict-origin-when-cross-origin"),
                new PreEncodedHttpField("X-Frame-Options", "DENY")));
    }

    private static Supplier<List<URI>> constant(List<URI> logos) {
        List<URI> copy = List.copyOf(logos);
        return () -> copy;
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
