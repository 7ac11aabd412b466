package dev.upwatch.web.reader;

import dev.upwatch.web.config.PageConfig;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Finds the {@link ReaderScope} of a request: today always the one page, in English. The page's public address comes
 * from {@code page.public-url} when set, so that links in feeds do not depend on the host a reader used.
 */
public final class ReaderScopes {
    private final PageConfig page;

    public ReaderScopes(PageConfig page) {
        this.page = Objects.requireNonNull(page, "page");
    }

    /** The scope of a request that arrived at {@code uri}. */
    public ReaderScope of(UriInfo uri) {
        URI base = page.publicUrl().map(ReaderScopes::withSlash).orElseGet(() -> withSlash(uri.getBaseUri()));
        return new ReaderScope(ReaderScope.DEFAULT_PAGE, page.title(), base, Locale.ENGLISH);
    }

    private static URI withSlash(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        String bare = query < 0 ? text : text.substring(0, query);
        return URI.create(bare.endsWith("/") ? bare : bare + "/");
    }
}
