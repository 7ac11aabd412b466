package dev.upwatch.web.console;

import dev.upwatch.core.account.AuditLog;
import dev.upwatch.web.auth.ConsoleCookies;
import dev.upwatch.web.auth.ConsoleGate;
import dev.upwatch.web.auth.ConsoleSignIn;
import dev.upwatch.web.auth.ConsoleUser;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.page.Html;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's sign-in, sign-out, dashboard and audit log. {@link ConsoleGate} has already checked the session, the
 * role and the CSRF proof of every request that reaches here; form fields are read from the servlet request, which
 * the gate parsed.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleResource {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Audit entries shown, newest first. */
    private static final int AUDIT_ROWS = 200;

    /** The console's language (its templates say their texts themselves). */
    static final Messages TEXTS = Messages.of(java.util.Locale.ENGLISH);

    private final ConsoleSignIn signIn;
    private final AuditLog audit;
    private final PageConfig page;
    private final ConsoleLive live;

    /** @param live the dashboard's body, the same render its open copies are sent fragments of */
    @Inject
    ConsoleResource(ConsoleSignIn signIn, AuditLog audit, PageConfig page, ConsoleLive live) {
        this.live = Objects.requireNonNull(live, "live");
        this.signIn = Objects.requireNonNull(signIn, "signIn");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.page = Objects.requireNonNull(page, "page");
    }

    /** The sign-in form; sets its double-submit cookie. */
    @GET
    @Path("login")
    public Response signInPage(@Context HttpServletRequest request) {
        return signInForm(request, 200, "", "").build();
    }

    /** Checks the name and password; on success sets the session cookie and goes to the page asked for. */
    @POST
    @Path("login")
    public Response signIn(@Context HttpServletRequest request) {
        String name = Objects.requireNonNullElse(request.getParameter("name"), "").trim();
        char[] password = Objects.requireNonNullElse(request.getParameter("password"), "").toCharArray();
        if (!signIn.cookieReturns(request)) {
            return signInForm(request, 403, "This connection is plain HTTP to a host that is not loopback, so the browser"
                    + " would not send the session back: open the console over HTTPS.", name).build();
        }
        return switch (signIn.signIn(request, name, password)) {
            case ConsoleSignIn.SignedIn signedIn -> Response.seeOther(java.net.URI.create(next(request)))
                    .header("Set-Cookie", ConsoleCookies.set(ConsoleCookies.SESSION, signedIn.opened().secret()))
                    .header("Set-Cookie", ConsoleCookies.clear(ConsoleCookies.SIGN_IN))
                    .build();
            case ConsoleSignIn.Refused refused -> {
                Response.ResponseBuilder answer = signInForm(request, refused.status(), refused.message(), name);
                yield refused.retryAfter() > 0 ? answer.header("Retry-After", refused.retryAfter()).build()
                        : answer.build();
            }
        };
    }

    /** Ends the session and forgets its cookie. */
    @POST
    @Path("logout")
    public Response signOut(@Context HttpServletRequest request) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        ConsoleCookies.read(request, ConsoleCookies.SESSION).ifPresent(secret -> signIn.signOut(user, secret));
        return Response.seeOther(java.net.URI.create(ConsoleGate.SIGN_IN))
                .header("Set-Cookie", ConsoleCookies.clear(ConsoleCookies.SESSION)).build();
    }

    /**
     * The dashboard: every monitor, private ones included, filtered, searched, ordered and paged by the query string
     * ({@code group}, {@code status}, {@code type}, {@code q}, {@code sort}, {@code order=desc}, {@code page}).
     */
    @GET
    public Html dashboard(@Context HttpServletRequest request, @QueryParam("group") String group,
                          @QueryParam("status") String status, @QueryParam("type") String type,
                          @QueryParam("q") String search, @QueryParam("sort") String sort,
                          @QueryParam("order") String order, @QueryParam("page") String page) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        DashboardQuery query = DashboardQuery.of(group, status, type, search, sort, order, page);
        return html("console/dashboard.ftlh", new ConsoleViews.DashboardPage(
                ConsoleFrame.of(user, "Dashboard", "dashboard"), live.body(query)));
    }

    /** The audit log, newest first (admins). */
    @GET
    @Path("audit")
    public Html auditLog(@Context HttpServletRequest request) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        return html("console/audit.ftlh", new ConsoleViews.AuditView(ConsoleFrame.of(user, "Audit log", "audit"),
                audit.newest(AUDIT_ROWS).stream().map(entry -> new ConsoleViews.AuditRow(SHOWN.format(entry.at()),
                        entry.at().truncatedTo(ChronoUnit.SECONDS).toString(), entry.actor(), entry.action(),
                        entry.subject(), entry.outcome())).toList()));
    }

    private Response.ResponseBuilder signInForm(HttpServletRequest request, int status, String error, String name) {
        Optional<String> cookie = ConsoleCookies.read(request, ConsoleCookies.SIGN_IN);
        String csrf = cookie.orElseGet(ConsoleResource::random);
        Response.ResponseBuilder answer = Response.status(status).type("text/html; charset=UTF-8")
                .entity(html("console/login.ftlh", new ConsoleViews.SignInView(page.title(), error, csrf,
                        next(request), name, !signIn.cookieReturns(request))));
        return cookie.isPresent() ? answer : answer.header("Set-Cookie", ConsoleCookies.set(ConsoleCookies.SIGN_IN, csrf));
    }

    /** A console page: English for now (the console's texts are in its templates), links absolute. */
    static Html html(String template, Object model) {
        return new Html(template, model, TEXTS, "/");
    }

    /** Where to go after signing in: a console page asked for, never another site. */
    private static String next(HttpServletRequest request) {
        String next = request.getParameter("next");
        if (next != null && (next.equals(ConsoleGate.ROOT) || next.startsWith(ConsoleGate.ROOT + "/")
                || next.startsWith(ConsoleGate.ROOT + "?"))
                && !next.startsWith(ConsoleGate.SIGN_IN) && next.chars().noneMatch(c -> c == '\\' || c < 0x21)) {
            try {
                java.net.URI.create(next); // a query the gate passed on raw may hold what a URI may not
                return next;
            } catch (IllegalArgumentException e) {
                return ConsoleGate.ROOT;
            }
        }
        return ConsoleGate.ROOT;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
