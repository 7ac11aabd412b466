package dev.upwatch.web.reader;

import dev.upwatch.web.i18n.Messages;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Who a public read is for: which status page, reached under which path prefix, and in which language. Every route a
 * page has takes its status, incidents and maintenance from {@link #page()} — the page's narrowed view — and its
 * texts from {@link #messages()}; {@link ReaderScopes} makes it from the request.
 *
 * @param page     the page
 * @param prefix   the path prefix the page was reached under ({@code ""}, {@code /p/<slug>}, {@code /s/<secret>})
 * @param baseUri  absolute address of the page's root, ending in {@code /} (on {@code page.public-url} when set, else
 *                 on the address the request came to)
 * @param locale   the language texts are written in
 */
public record ReaderScope(StatusPage page, String prefix, URI baseUri, Locale locale) {

    public ReaderScope {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(locale, "locale");
        if (!baseUri.isAbsolute() || !baseUri.getPath().endsWith("/")) {
            throw new IllegalArgumentException("the base address must be absolute and end in /: " + baseUri);
        }
    }

    /** The page's slug ({@value StatusPage#DEFAULT_SLUG} for the default page). */
    public String slug() {
        return page.slug();
    }

    /** The page's title. */
    public String title() {
        return page.title();
    }

    /** The path of the page's root on this server, e.g. {@code /} or {@code /p/internal/}. */
    public String basePath() {
        return prefix + "/";
    }

    /** The texts of {@link #locale()}. */
    public Messages messages() {
        return Messages.of(locale);
    }

    /** The absolute address of {@code path} on this page, e.g. {@code history} → {@code https://status.example/history}. */
    public URI link(String path) {
        return baseUri.resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
