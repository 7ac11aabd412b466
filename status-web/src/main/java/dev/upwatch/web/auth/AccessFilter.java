package dev.upwatch.web.auth;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.api.ProblemJson;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Guards every request before it reaches Jersey: requires an admin-scope token on {@code /api/v1/admin/**}, an API
 * token (any scope) on the operators' routes — the notification delivery log and, unless
 * {@code protect-metrics: false}, {@code /metrics} — and a token or the basic-auth user on everything else when the
 * pages are private. A private status page ({@link PageAccess.Users}, put on the request by the page router) needs a
 * token or one of its own users on its routes. {@code /healthz}, {@code /readyz} and push URLs stay open; the console
 * ({@code /admin}) is {@link ConsoleGate}'s. An API token
 * on any page's route makes the reader staff ({@link StaffCredential}): the page is shown from the full view, and the
 * answer is marked private. A change made with a token ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) is
 * recorded in the audit log with the token's id and the answer's status.
 *
 * <p>Every attempt with credentials is counted against the client's address from the moment it starts
 * ({@link FailureThrottle}); past the limit, requests with credentials get 429 with {@code Retry-After} before
 * anything is checked. Password hashes are computed within fixed bounds ({@link PasswordChecks}). Credentials are
 * never logged. (The security headers are added by the web server to every answer, this filter's included.)
 */
public final class AccessFilter implements Filter {
    /**
     * The request attribute naming whose credentials a request was let in with (an API token's name, or the basic
     * user's); absent on open routes. An acknowledgement records it.
     */
    public static final String CALLER = "upwatch.caller";
    /** The request attribute holding the id of the agent token a request to {@code /api/v1/agent/**} was let in with. */
    public static final String AGENT_TOKEN = "upwatch.agent-token";
    /** A remote agent's routes: an agent token only, and an agent token nowhere else. */
    private static final String AGENT_PREFIX = "/api/v1/agent";
    private static final String ADMIN_PREFIX = "/api/v1/admin";
    /** The operator console: signed in with a session, guarded by {@link ConsoleGate}. */
    private static final String CONSOLE_PREFIX = "/admin";
    /** Methods that change something: what a token does with them goes to the audit log. */
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> ALWAYS_OPEN = Set.of("/healthz", "/readyz");
    private static final String PUSH_PREFIX = "/api/v1/push";
    /** Routes for operators: they name channels, private monitors and internal addresses, or export private data. */
    private static final List<String> OPERATOR_PREFIXES = List.of("/api/v1/notifications", "/api/v1/operator",
            "/api/v1/cluster");
    private static final String METRICS = "/metrics";
    /** Compiled once: {@code String.replaceAll} would compile the pattern on every request. */
    private static final java.util.regex.Pattern DOUBLE_SLASHES = java.util.regex.Pattern.compile("/{2,}");

    private final ApiTokens tokens;
    private final AccessSettings settings;
    private final ClientAddress clients;
    private final FailureThrottle throttle;
    private final PasswordChecks passwords;
    private final AuditLog audit;
    private final java.time.Clock clock;

    /** What a request needs. */
    private enum Need {
        NOTHING,
        /** The console: its own sign-in and sessions. */
        CONSOLE,
        /** A viewer of a private page: any token, or the basic-auth user. */
        ANY_CREDENTIAL,
        /** An operator: any API token (the basic-auth user is a page viewer, not an operator). */
        TOKEN,
        ADMIN_TOKEN,
        /** A remote agent: a token of scope agent, which grants nothing else. */
        AGENT_TOKEN
    }

    /** What the credentials of a request turned out to be. */
    private sealed interface Check {
    }

    /**
     * Granted: to the holder of an API token ({@code staff} present, {@code tokenId} its id) or to a basic-auth user
     * ({@code tokenId} empty); {@code caller} is whose credentials they are (the token's or the basic user's name).
     */
    private record Granted(TokenScope scope, Optional<StaffCredential> staff, String caller, Optional<String> tokenId)
            implements Check {
    }

    private record Denied() implements Check {
    }

    /** Not checked: too many password checks under way (of this client: 429; in total: 503). */
    private record Busy(int status, String title, String detail) implements Check {
    }

    public AccessFilter(ApiTokens tokens, AccessSettings settings, java.time.Clock clock) {
        this(tokens, settings, new FailureThrottle(clock), PasswordChecks.forThisMachine(), NO_AUDIT, clock);
    }

    /** For a filter without an audit log (tests, embedding). */
    private static final AuditLog NO_AUDIT = new AuditLog() {
        @Override
        public void record(AuditEntry entry) {
        }

        @Override
        public java.util.List<AuditEntry> newest(int limit) {
            return java.util.List.of();
        }
    };

    /**
     * @param throttle  failed attempts per client, shared with the console's sign-in
     * @param passwords bounded password checks, shared with the console's sign-in
     * @param audit     where changes made with a token are recorded
     */
    AccessFilter(ApiTokens tokens, AccessSettings settings, FailureThrottle throttle, PasswordChecks passwords,
                 AuditLog audit, java.time.Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = new ClientAddress(settings.trustedProxies());
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        PageAccess page = request.getAttribute(PageAccess.ATTRIBUTE) instanceof PageAccess access ? access
                : PageAccess.OPEN;
        boolean pageRoute = request.getAttribute(PageAccess.ATTRIBUTE) != null;
        Need need = need(path(request), page);
        String authorization = request.getHeader("Authorization");
        if (need == Need.NOTHING && pageRoute && bearer(authorization)) {
            // A token on a public page's route: staff asking for the full view. A token that is not valid is refused
            // rather than quietly answered with the public view, so that its holder learns that it is not valid.
            need = Need.TOKEN;
        }
        if (need == Need.NOTHING) {
            chain.doFilter(request, response);
            return;
        }
        if (need == Need.CONSOLE) {
            chain.doFilter(request, response); // ConsoleGate guards the console with its own sessions
            return;
        }
        if (authorization == null || authorization.isBlank()) {
            refuse(response, 401, "Unauthorized", "this resource needs credentials: Authorization: Bearer <token>", need,
                    page);
            return;
        }
        String client = clients.of(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        FailureThrottle.Attempt attempt;
        switch (throttle.admit(client)) {
            case FailureThrottle.Refused refused -> {
                long seconds = seconds(refused.retryAfter());
                response.setHeader("Retry-After", Long.toString(seconds));
                refuse(response, 429, "Too Many Requests",
                        "too many failed authentication attempts; retry in " + seconds + " s", need, page);
                return;
            }
            case FailureThrottle.Admitted admitted -> attempt = admitted.attempt();
        }
        Check check;
        try {
            check = authenticate(authorization, need, client, users(page));
        } catch (RuntimeException | Error e) {
            attempt.notChecked(); // e.g. the token store failed: that says nothing about the credentials
            throw e;
        }
        switch (check) {
            case Denied denied -> {
                attempt.failed();
                refuse(response, 401, "Unauthorized", "the credentials are not valid (unknown or revoked token?)", need,
                        page);
            }
            case Busy busy -> {
                attempt.notChecked();
                response.setHeader("Retry-After", "1");
                refuse(response, busy.status(), busy.title(), busy.detail(), need, page);
            }
            case Granted granted -> {
                attempt.succeeded();
                if (need == Need.ADMIN_TOKEN && !granted.scope().covers(TokenScope.ADMIN)) {
                    refuse(response, 403, "Forbidden", "this resource needs a token of scope admin", need, page);
                    return;
                }
                if ((need == Need.AGENT_TOKEN) != (granted.scope() == TokenScope.AGENT)) {
                    refuse(response, 403, "Forbidden", need == Need.AGENT_TOKEN
                            ? "this resource needs a token of scope agent"
                            : "an agent token grants only the agent's routes (/api/v1/agent/...)", need, page);
                    return;
                }
                request.setAttribute(CALLER, granted.caller());
                if (need == Need.AGENT_TOKEN) {
                    granted.tokenId().ifPresent(id -> request.setAttribute(AGENT_TOKEN, id));
                }
                if (pageRoute && granted.staff().isPresent()) {
                    request.setAttribute(StaffCredential.ATTRIBUTE, granted.staff().get());
                    chain.doFilter(request, new StaffResponse(response));
                } else {
                    chain.doFilter(request, response);
                }
                if (!granted.tokenId().isEmpty() && CHANGES.contains(request.getMethod())) {
                    audit.record(new AuditEntry(clock.instant(), AuditEntry.token(granted.tokenId().orElseThrow()),
                            request.getMethod() + " " + path(request), path(request),
                            Integer.toString(response.getStatus())));
                }
            }
        }
    }

    private static boolean bearer(String authorization) {
        return authorization != null && authorization.strip().regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /**
     * The answer to staff: whatever a route says about caching, it is for this reader only ({@code private}, checked
     * again on every use) and varies with the credentials, so no shared cache keeps the full view for the public and no
     * browser mixes it up with the public answer of the same address.
     */
    private static final class StaffResponse extends HttpServletResponseWrapper {
        private static final String CACHE = "private, no-cache";

        StaffResponse(HttpServletResponse response) {
            super(response);
            super.setHeader("Cache-Control", CACHE);
            super.addHeader("Vary", "Authorization");
        }

        @Override
        public void setHeader(String name, String value) {
            if (!name.equalsIgnoreCase("Cache-Control")) {
                super.setHeader(name, name.equalsIgnoreCase("Vary") ? withAuthorization(value) : value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!name.equalsIgnoreCase("Cache-Control")) {
                super.addHeader(name, value);
            }
        }

        private static String withAuthorization(String vary) {
            return vary == null || vary.isBlank() ? "Authorization" : vary + ", Authorization";
        }
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** The basic-auth users of a request for {@code page}: the page's own, else the private pages' user, if any. */
    private List<AccessSettings.BasicUser> users(PageAccess page) {
        if (page instanceof PageAccess.Users own) {
            return own.users();
        }
        return settings.basicUser().map(List::of).orElse(List.of());
    }

    /** What the credentials grant (basic auth grants read), or why they grant nothing. */
    private Check authenticate(String authorization, Need need, String client, List<AccessSettings.BasicUser> users) {
        String trimmed = authorization.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return new Denied();
        }
        String scheme = trimmed.substring(0, space);
        String value = trimmed.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return tokens.authenticate(value).<Check>map(token -> new Granted(token.scope(), Optional.of(
                    new StaffCredential(token.name(), token.scope())), token.name(), Optional.of(token.id())))
                    .orElseGet(Denied::new);
        }
        if (scheme.equalsIgnoreCase("Basic") && need == Need.ANY_CREDENTIAL && !users.isEmpty()) {
            return basic(value, users, client);
        }
        return new Denied();
    }

    private Check basic(String encoded, List<AccessSettings.BasicUser> users, String client) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Denied();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Denied();
        }
        // Every name is compared, in constant time, and a password is hashed whether or not a name matched: the answer's
        // timing tells neither which names exist nor how near a guess was.
        byte[] name = decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        AccessSettings.BasicUser user = users.getFirst();
        boolean nameMatches = false;
        for (AccessSettings.BasicUser each : users) {
            if (MessageDigest.isEqual(name, each.name().getBytes(StandardCharsets.UTF_8))) {
                user = each;
                nameMatches = true;
            }
        }
        char[] password = decoded.substring(colon + 1).toCharArray();
        AccessSettings.BasicUser chosen = user;
        boolean named = nameMatches;
        switch (passwords.check(client, TokenDigest.of(encoded), () -> chosen.passwordHash().matches(password) && named)) {
            case MATCH -> {
                return new Granted(TokenScope.READ, Optional.empty(), chosen.name(), Optional.empty());
            }
            case MISMATCH -> {
                return new Denied();
            }
            case CLIENT_BUSY -> {
                return new Busy(429, "Too Many Requests", "this client's other passwords are still being checked;"
                        + " retry in 1 s");
            }
            case SERVER_BUSY -> {
                return new Busy(503, "Service Unavailable", "too many passwords are being checked; retry in 1 s"
                        + " (API tokens are checked at once)");
            }
        }
        throw new AssertionError("every verdict is handled");
    }

    private Need need(String path, PageAccess page) {
        if (under(path, CONSOLE_PREFIX)) {
            return Need.CONSOLE;
        }
        if (under(path, ADMIN_PREFIX)) {
            return Need.ADMIN_TOKEN;
        }
        if (under(path, AGENT_PREFIX)) {
            return Need.AGENT_TOKEN;
        }
        if (ALWAYS_OPEN.contains(path) || path.startsWith(PUSH_PREFIX + "/")) {
            return Need.NOTHING; // a push URL carries its own credential: the push monitor's token
        }
        if (OPERATOR_PREFIXES.stream().anyMatch(prefix -> under(path, prefix))
                || (under(path, METRICS) && settings.protectMetrics())) {
            return Need.TOKEN;
        }
        return settings.privatePages() || page instanceof PageAccess.Users ? Need.ANY_CREDENTIAL : Need.NOTHING;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The decoded, normalised path (Jetty resolves dot segments and drops path parameters), slashes collapsed. */
    private static String path(HttpServletRequest request) {
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        String collapsed = path.contains("//") ? DOUBLE_SLASHES.matcher(path).replaceAll("/") : path;
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    private void refuse(HttpServletResponse response, int status, String title, String detail, Need need,
                        PageAccess page) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.addHeader("WWW-Authenticate", "Bearer realm=\"upwatch\"");
            if (need == Need.ANY_CREDENTIAL && !users(page).isEmpty()) {
                String realm = page instanceof PageAccess.Users own ? own.realm() : "upwatch";
                response.addHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
            }
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(ProblemJson.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ProblemJson.of(status, title, detail).toJson());
    }

    /** The password checks' counters (for tests and figures). */
    PasswordChecks passwordChecks() {
        return passwords;
    }
}
