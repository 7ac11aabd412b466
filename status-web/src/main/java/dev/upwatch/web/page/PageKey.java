package dev.upwatch.web.page;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.UptimeWindow;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Which live page: the home page, one service's page with its chart window, or the incident history.
 *
 * @param kind    the page
 * @param service the service of a service page, else null
 * @param window  the chart window of a service page, else null
 */
record PageKey(Kind kind, MonitorId service, UptimeWindow window) {
    /** The pages that update live. */
    enum Kind { HOME, SERVICE, HISTORY }

    static final PageKey HOME = new PageKey(Kind.HOME, null, null);
    static final PageKey HISTORY = new PageKey(Kind.HISTORY, null, null);

    PageKey {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.SERVICE) != (service != null && window != null)) {
            throw new IllegalArgumentException("a service page, and only it, names a service and a window");
        }
    }

    /** A service page; an unknown window label is the default 24h, as the page itself treats it. */
    static PageKey service(MonitorId service, String window) {
        return new PageKey(Kind.SERVICE, service, chartWindow(window));
    }

    static UptimeWindow chartWindow(String label) {
        return UptimeWindow.fromLabel(label == null ? "24h" : label).filter(PageViews.CHART_WINDOWS::contains)
                .orElse(UptimeWindow.H24);
    }

    /** The page at {@code pathAndQuery} (as {@code location.pathname + location.search}), if it is a live page. */
    static Optional<PageKey> parse(String pathAndQuery) {
        if (pathAndQuery == null) {
            return Optional.empty();
        }
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        if (path.equals("/")) {
            return Optional.of(HOME);
        }
        if (path.equals("/history")) {
            return Optional.of(HISTORY);
        }
        if (path.startsWith("/services/") && path.indexOf('/', "/services/".length()) < 0) {
            String id = URLDecoder.decode(path.substring("/services/".length()), StandardCharsets.UTF_8);
            String window = null;
            for (String pair : query.split("&")) {
                if (pair.startsWith("window=")) {
                    window = URLDecoder.decode(pair.substring("window=".length()), StandardCharsets.UTF_8);
                }
            }
            try {
                return Optional.of(service(MonitorId.of(id), window));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
