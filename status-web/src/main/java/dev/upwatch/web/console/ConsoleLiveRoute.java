package dev.upwatch.web.console;

import dev.upwatch.web.auth.ConsoleUser;
import dev.upwatch.web.page.LiveStream;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /admin/live?page=/?QUERY&since=VERSION}: an open dashboard's updates, the changed fragments of its query's
 * render ({@link ConsoleLive}) as Server-Sent Events (or one JSON answer with {@code &poll=1}), through the public
 * pages' {@link LiveStream}. It sits right after {@code ConsoleGate}, which has checked the session (viewers may read).
 */
@Singleton
public final class ConsoleLiveRoute implements Filter {
    static final String PATH = "/admin/live";

    private final ConsoleLive live;
    private final LiveStream stream;

    @Inject
    ConsoleLiveRoute(ConsoleLive live, LiveStream stream) {
        this.live = Objects.requireNonNull(live, "live");
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        if (!PATH.equals(path) || !request.getMethod().equals("GET")) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        Optional<DashboardQuery> query = ConsoleLive.query(request.getParameter("page"));
        if (ConsoleUser.of(request).isEmpty() || query.isEmpty()) { // the gate lets no one through unsigned
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no live console page " + request.getParameter("page"));
            return;
        }
        stream.serve(request, response, live.snapshots(), live.document(query.get()));
    }

}
