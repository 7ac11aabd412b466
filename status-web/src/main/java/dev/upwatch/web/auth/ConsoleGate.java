package dev.upwatch.web.auth;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.Sessions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one guard of the console ({@code /admin/**}), before Jersey: every request but the sign-in page needs a live
 * session; its user's role must cover what the route needs ({@link #RULES}: reading needs viewer, a change needs
 * admin unless a rule says less — deny by default); every change ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}) must prove it comes from our own page twice: the browser's {@code Sec-Fetch-Site} (when sent) is
 * {@code same-origin} and its {@code Origin} (when sent) is this host, and the form's {@value #CSRF_FIELD} field (or the
 * {@code X-CSRF-Token} header) is the session's synchronizer token. The sign-in form is a change too: its token is
 * the double-submit cookie {@link ConsoleCookies#SIGN_IN}. Every change by a signed-in user, refused or not, is
 * recorded in the audit log. Resources read the user from {@link ConsoleUser#of}.
 */
public final class ConsoleGate implements Filter {
    /** The form field that carries the CSRF token. */
    public static final String CSRF_FIELD = "_csrf";
    /** The console's root. */
    public static final String ROOT = "/admin";
    /** The sign-in page. */
    public static final String SIGN_IN = "/admin/login";
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final java.util.regex.Pattern DOUBLE_SLASHES = java.util.regex.Pattern.compile("/{2,}");

    /**
     * What a console route needs, by path prefix, the most specific first.
     *
     * @param prefix the route, and everything under it
     * @param read   the role that may read ({@code GET}, {@code HEAD})
     * @param change the role that may change
     */
    record Rule(String prefix, Role read, Role change) {
    }

    /** The console's routes and their roles; the last rule (the root) is the default for every other route. */
    static final List<Rule> RULES = List.of(
            new Rule("/admin/logout", Role.VIEWER, Role.VIEWER),
            new Rule("/admin/audit", Role.ADMIN, Role.ADMIN),
            new Rule("/admin/users", Role.ADMIN, Role.ADMIN),
            new Rule("/admin/tokens", Role.ADMIN, Role.ADMIN),
            new Rule("/admin/incidents", Role.VIEWER, Role.EDITOR),
            new Rule("/admin/monitors", Role.VIEWER, Role.EDITOR),
            new Rule("/admin/groups", Role.VIEWER, Role.EDITOR),
            new Rule("/admin/maintenance", Role.VIEWER, Role.EDITOR),
            new Rule(ROOT, Role.VIEWER, Role.ADMIN));

    private final Sessions sessions;
    private final AuditLog audit;
    private final Clock clock;

    ConsoleGate(Sessions sessions, AuditLog audit, Clock clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String path = path(request);
        if (!(path.equals(ROOT) || path.startsWith(ROOT + "/"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        boolean change = CHANGES.contains(request.getMethod());
        if (path.equals(SIGN_IN)) {
            if (change) {
                Optional<String> wrong = foreignOrigin(request).or(() -> {
                    Optional<String> cookie = ConsoleCookies.read(request, ConsoleCookies.SIGN_IN);
                    return cookie.isPresent() && same(cookie.get(), request.getParameter(CSRF_FIELD)) ? Optional.empty()
                            : Optional.of("the sign-in form's CSRF proof is missing or wrong (reload the page)");
                });
                if (wrong.isPresent()) {
                    refuse(response, 403, "Refused: " + wrong.get() + ".");
                    return;
                }
            }
            chain.doFilter(request, response);
            return;
        }
        Optional<String> secret = ConsoleCookies.read(request, ConsoleCookies.SESSION);
        Optional<Sessions.SignedIn> signedIn = secret.flatMap(sessions::resume);
        if (signedIn.isEmpty()) {
            if (change) {
                refuse(response, 401, "Your session has ended; sign in again.");
            } else {
                response.setStatus(303);
                // Back to the page asked for after signing in, its query (a dashboard's filters) included.
                String query = request.getQueryString();
                String next = query == null || query.isEmpty() ? path : path + "?" + query;
                response.setHeader("Location", SIGN_IN + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            }
            return;
        }
        ConsoleUser user = new ConsoleUser(signedIn.get().account(), signedIn.get().session());
        Rule rule = rule(path);
        Role needed = change ? rule.change() : rule.read();
        String action = request.getMethod() + " " + path;
        if (!user.role().covers(needed)) {
            if (change) {
                record(user, action, path, "refused: needs role " + needed.wireName());
            }
            refuse(response, 403, "Refused: this needs the role " + needed.wireName() + "; you are "
                    + user.role().wireName() + ".");
            return;
        }
        if (change) {
            Optional<String> wrong = foreignOrigin(request).or(() -> {
                String presented = Optional.ofNullable(request.getHeader("X-CSRF-Token"))
                        .orElseGet(() -> request.getParameter(CSRF_FIELD));
                return same(user.csrfToken(), presented) ? Optional.empty()
                        : Optional.of("the form's CSRF proof is missing or wrong (reload the page)");
            });
            if (wrong.isPresent()) {
                record(user, action, path, "refused: " + wrong.get());
                refuse(response, 403, "Refused: " + wrong.get() + ".");
                return;
            }
        }
        user.attachTo(request);
        chain.doFilter(request, response);
        if (change) {
            record(user, action, path, Integer.toString(response.getStatus()));
        }
    }

    /** The decoded path with repeated slashes collapsed and no trailing slash, as {@link AccessFilter} reads it. */
    private static String path(HttpServletRequest request) {
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        String collapsed = path.contains("//") ? DOUBLE_SLASHES.matcher(path).replaceAll("/") : path;
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1)
                : collapsed;
    }

    /** The rule for {@code path} (under the root). */
    static Rule rule(String path) {
        for (Rule rule : RULES) {
            if (path.equals(rule.prefix()) || path.startsWith(rule.prefix() + "/")) {
                return rule;
            }
        }
        throw new IllegalArgumentException("not a console path: " + path);
    }

    /** Why the browser says the request comes from another site, if it does. */
    private static Optional<String> foreignOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return Optional.of("the request comes from another site (Sec-Fetch-Site: " + site + ")");
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            String host = request.getHeader("Host");
            String originHost;
            try {
                URI uri = URI.create(origin);
                originHost = uri.getHost() == null ? null
                        : uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            } catch (IllegalArgumentException e) {
                originHost = null;
            }
            if (originHost == null || host == null || !originHost.equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT),
                    origin))) {
                return Optional.of("the request comes from another origin (" + origin + ")");
            }
        }
        return Optional.empty();
    }

    /** {@code Host} as an {@code Origin} would write it: a default port is left out there. */
    private static String withoutDefaultPort(String host, String origin) {
        if (origin.startsWith("https://") && host.endsWith(":443")) {
            return host.substring(0, host.length() - 4);
        }
        if (origin.startsWith("http://") && host.endsWith(":80")) {
            return host.substring(0, host.length() - 3);
        }
        return host;
    }

    private static boolean same(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private void record(ConsoleUser user, String action, String subject, String outcome) {
        audit.record(new AuditEntry(clock.instant(), AuditEntry.user(user.account().name()), action, subject, outcome));
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(refusalPage(status, message));
    }

    /** The console's page for a refused request: the status and why, with a link back ({@code #refusal}). */
    public static String refusalPage(int status, String message) {
        String escaped = message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status
                + " · Upwatch console</title></head><body><main><h1>" + status + "</h1><p id=\"refusal\">" + escaped
                + "</p><p><a href=\"" + ROOT + "\">Back to the console</a></p></main></body></html>";
    }
}
