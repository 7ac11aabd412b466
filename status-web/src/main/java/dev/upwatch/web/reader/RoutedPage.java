package dev.upwatch.web.reader;

import java.util.Objects;

/**
 * The page a request is for and the path prefix it came under: {@code ""} (the default page, or a page chosen by the
 * {@code Host} header), {@code /p/<slug>} or {@code /s/<secret>}. Set on the request by {@link PageRouter}.
 *
 * @param page   the page
 * @param prefix the path prefix, without a trailing slash
 */
public record RoutedPage(StatusPage page, String prefix) {
    /** The request attribute that holds it. */
    public static final String ATTRIBUTE = RoutedPage.class.getName();

    public RoutedPage {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("a prefix starts with / and does not end with it: " + prefix);
        }
    }
}
