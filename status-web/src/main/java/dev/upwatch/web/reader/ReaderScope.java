package dev.upwatch.web.reader;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Who a public read (report, feed, export) is for: which status page and in which language. Today there is one page
 * (slug {@value #DEFAULT_PAGE}) and English; resources take their page and locale from here, so that choosing a page
 * by path or {@code Host} header and a language by {@code Accept-Language} later changes {@link ReaderScopes} only.
 *
 * @param page     the page's slug
 * @param title    the page's title
 * @param baseUri  absolute address of the page's root, ending in {@code /} (the configured {@code page.public-url}, else
 *                 the address the request came to)
 * @param locale   the language texts are written in
 */
public record ReaderScope(String page, String title, URI baseUri, Locale locale) {
    /** The slug of the one page there is today. */
    public static final String DEFAULT_PAGE = "default";

    public ReaderScope {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(locale, "locale");
        if (!baseUri.isAbsolute() || !baseUri.getPath().endsWith("/")) {
            throw new IllegalArgumentException("the base address must be absolute and end in /: " + baseUri);
        }
    }

    /** The absolute address of {@code path} on this page, e.g. {@code history} → {@code https://status.example/history}. */
    public URI link(String path) {
        return baseUri.resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
