package dev.upwatch.web.auth;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.service.ApiTokens;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Guards every request before it reaches Jersey: adds the {@link SecurityHeaders}, requires an admin-scope token
 * on {@code /api/v1/admin/**}, a token (or the basic-auth user) on everything else when the pages are private, and
 * a token on {@code /metrics} when it is protected. {@code /healthz}, {@code /readyz} and push URLs stay open. Failed
 * credentials count against the client's address ({@link FailureThrottle}); past the limit, requests with
 * credentials get 429 with {@code Retry-After}. Credentials are never logged.
 */
public final class AccessFilter implements Filter {
    private static final String ADMIN_PREFIX = "/api/v1/admin";
    private static final Set<String> ALWAYS_OPEN = Set.of("/healthz", "/readyz");
    private static final String PUSH_PREFIX = "/api/v1/push";
    /** Compiled once: {@code String.replaceAll} would compile the pattern on every request. */
    private static final java.util.regex.Pattern DOUBLE_SLASHES = java.util.regex.Pattern.compile("/{2,}");
    /** Accepted basic-auth header values (as digests) kept so that PBKDF2 runs once per credential, not per request. */
    private static final int MAX_REMEMBERED_LOGINS = 256;

    private final ApiTokens tokens;
    private final AccessSettings settings;
    private final SecurityHeaders headers;
    private final ClientAddress clients;
    private final FailureThrottle throttle;
    private final Set<TokenDigest> acceptedLogins = ConcurrentHashMap.newKeySet();
    /** PBKDF2 costs ~0.2-1 s of CPU: one at a time, so that guessed passwords from many addresses use one core at most. */
    private final Semaphore hashing = new Semaphore(1);

    /** What a request needs. */
    private enum Need { NOTHING, ANY_CREDENTIAL, ADMIN_TOKEN }

    public AccessFilter(ApiTokens tokens, AccessSettings settings, Optional<java.net.URI> logo, java.time.Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.headers = new SecurityHeaders(logo);
        this.clients = new ClientAddress(settings.trustedProxies());
        this.throttle = new FailureThrottle(clock);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        headers.apply(response);
        Need need = need(path(request));
        if (need == Need.NOTHING) {
            chain.doFilter(request, response);
            return;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || authorization.isBlank()) {
            refuse(response, 401, "Unauthorized", "this resource needs credentials: Authorization: Bearer <token>", need);
            return;
        }
        String client = clients.of(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        Optional<Duration> wait = throttle.retryAfter(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            refuse(response, 429, "Too Many Requests",
                    "too many failed authentication attempts; retry in " + seconds + " s", need);
            return;
        }
        Optional<TokenScope> scope = authenticate(authorization, need);
        if (scope.isEmpty()) {
            throttle.recordFailure(client);
            refuse(response, 401, "Unauthorized", "the credentials are not valid (unknown or revoked token?)", need);
            return;
        }
        if (need == Need.ADMIN_TOKEN && !scope.get().covers(TokenScope.ADMIN)) {
            refuse(response, 403, "Forbidden", "this resource needs a token of scope admin", need);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The scope the credentials grant (basic auth grants read), empty when they are not valid. */
    private Optional<TokenScope> authenticate(String authorization, Need need) {
        String trimmed = authorization.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = trimmed.substring(0, space);
        String value = trimmed.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return tokens.authenticate(value).map(ApiToken::scope);
        }
        if (scheme.equalsIgnoreCase("Basic") && need == Need.ANY_CREDENTIAL && settings.basicUser().isPresent()) {
            return basic(value, settings.basicUser().get()) ? Optional.of(TokenScope.READ) : Optional.empty();
        }
        return Optional.empty();
    }

    private boolean basic(String encoded, AccessSettings.BasicUser user) {
        TokenDigest digest = TokenDigest.of(encoded);
        if (acceptedLogins.contains(digest)) {
            return true;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean nameMatches = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                user.name().getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches;
        hashing.acquireUninterruptibly();
        try {
            passwordMatches = user.passwordHash().matches(decoded.substring(colon + 1).toCharArray());
        } finally {
            hashing.release();
        }
        if (nameMatches && passwordMatches) {
            if (acceptedLogins.size() >= MAX_REMEMBERED_LOGINS) {
                acceptedLogins.clear();
            }
            acceptedLogins.add(digest);
            return true;
        }
        return false;
    }

    private Need need(String path) {
        if (path.equals(ADMIN_PREFIX) || path.startsWith(ADMIN_PREFIX + "/")) {
            return Need.ADMIN_TOKEN;
        }
        if (ALWAYS_OPEN.contains(path) || path.startsWith(PUSH_PREFIX + "/")) {
            return Need.NOTHING; // a push URL carries its own credential: the push monitor's token
        }
        if (path.equals("/metrics") || path.startsWith("/metrics/")) {
            return settings.protectMetrics() || settings.privatePages() ? Need.ANY_CREDENTIAL : Need.NOTHING;
        }
        return settings.privatePages() ? Need.ANY_CREDENTIAL : Need.NOTHING;
    }

    /** The decoded, normalised path (Jetty resolves dot segments and drops path parameters), slashes collapsed. */
    private static String path(HttpServletRequest request) {
        String path = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        String collapsed = path.contains("//") ? DOUBLE_SLASHES.matcher(path).replaceAll("/") : path;
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    private void refuse(HttpServletResponse response, int status, String title, String detail, Need need)
            throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.addHeader("WWW-Authenticate", "Bearer realm=\"upwatch\"");
            if (need == Need.ANY_CREDENTIAL && settings.basicUser().isPresent()) {
                response.addHeader("WWW-Authenticate", "Basic realm=\"upwatch\", charset=\"UTF-8\"");
            }
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
