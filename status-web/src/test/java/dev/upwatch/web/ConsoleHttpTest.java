package dev.upwatch.web;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.model.TokenScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's rules as HTTP sees them: the exact cookie attributes, the CSRF proofs (synchronizer token, double-submit
 * cookie on the sign-in form, Origin and Sec-Fetch-Site), sign-in throttled together with token guesses, plain HTTP to a
 * host that is not loopback refused, and changes made with an API token in the audit log.
 */
class ConsoleHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");

    @TempDir
    Path data;
    private UpwatchApplication app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** The sign-in form's token and its cookie. */
    private record SignInForm(String csrf, String cookie) {
    }

    private SignInForm signInForm() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(app.baseUri().resolve("admin/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(page.body());
        assertTrue(csrf.find(), page.body());
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        return new SignInForm(csrf.group(1), setCookie.substring(0, setCookie.indexOf(';')));
    }

    private HttpResponse<String> post(String path, String cookie, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String... pairs) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private HttpResponse<String> signIn(SignInForm form, String password, String... headers) throws Exception {
        return post("admin/login", form.cookie(), form("_csrf", form.csrf(), "name", "ada", "password", password,
                "next", "/admin/audit"), headers);
    }

    @Test
    void theSessionCookieIsHostOnlySecureHttpOnlyAndLaxAndTheSignInFormNeedsItsCookie() throws Exception {
        SignInForm form = signInForm();
        assertTrue(form.cookie().startsWith("__Host-upwatch-signin="), form.cookie());
        assertEquals(403, post("admin/login", "", form("_csrf", form.csrf(), "name", "ada", "password",
                ConsoleBrowserTest.ADA_PASSWORD)).statusCode(), "the form's token without its cookie");

        HttpResponse<String> signedIn = signIn(form, ConsoleBrowserTest.ADA_PASSWORD);
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        assertEquals("/admin/audit", URI.create(signedIn.headers().firstValue("Location").orElseThrow()).getPath());
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("__Host-upwatch-session=")).findFirst().orElseThrow();
        assertTrue(session.matches("__Host-upwatch-session=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax"),
                session);
        assertTrue(cookies.contains("__Host-upwatch-signin=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"),
                cookies.toString());
        HttpResponse<String> audit = http.send(HttpRequest.newBuilder(app.baseUri().resolve("admin/audit"))
                .header("Cookie", session.substring(0, session.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, audit.statusCode());
        assertEquals("no-store", audit.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void aChangeFromAnotherSiteIsRefusedEvenWithTheRightToken() throws Exception {
        HttpResponse<String> signedIn = signIn(signInForm(), ConsoleBrowserTest.ADA_PASSWORD);
        String session = signedIn.headers().allValues("Set-Cookie").getFirst();
        String cookie = session.substring(0, session.indexOf(';'));
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(app.baseUri().resolve("admin"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(home.body());
        assertTrue(csrf.find());
        String signOut = form("_csrf", csrf.group(1));

        HttpResponse<String> crossSite = post("admin/logout", cookie, signOut, "Sec-Fetch-Site", "cross-site");
        assertEquals(403, crossSite.statusCode());
        assertTrue(crossSite.body().contains("Sec-Fetch-Site: cross-site"), crossSite.body());
        HttpResponse<String> otherOrigin = post("admin/logout", cookie, signOut, "Origin", "https://evil.example");
        assertEquals(403, otherOrigin.statusCode());
        assertTrue(otherOrigin.body().contains("another origin"), otherOrigin.body());
        assertEquals(403, post("admin/logout", cookie, form("_csrf", "x" + csrf.group(1))).statusCode());
        assertEquals(403, post("admin/logout", cookie, "").statusCode());
        assertEquals(403, signIn(signInForm(), ConsoleBrowserTest.ADA_PASSWORD, "Origin", "null").statusCode(),
                "the sign-in form from another origin");

        String origin = "http://" + app.baseUri().getHost() + ":" + app.baseUri().getPort();
        assertEquals(303, post("admin/logout", cookie, signOut, "Origin", origin, "Sec-Fetch-Site", "same-origin")
                .statusCode(), "our own page");
        assertEquals(401, post("admin/logout", cookie, signOut).statusCode(), "the session has ended");
    }

    @Test
    void everySpellingOfAConsolePathNeedsASession() throws Exception {
        for (String path : List.of("admin", "admin/", "admin/audit", "admin/audit/", "admin/nothing-here")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(app.baseUri().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, answer.statusCode(), path + " → " + answer.body());
            assertTrue(answer.headers().firstValue("Location").orElseThrow().contains("/admin/login"), path);
        }
        // Empty segments are refused by Jetty itself, before any filter (the gate would collapse them anyway).
        HttpResponse<String> doubled = http.send(HttpRequest.newBuilder(URI.create(app.baseUri() + "/admin//audit"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, doubled.statusCode(), doubled.body());
        assertEquals(401, post("admin/logout/", "", "").statusCode(), "a change without a session");
    }

    @Test
    void signInIsThrottledTogetherWithTokenGuesses() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, ServerRequests.withToken(app.baseUri(), "upw_wrong" + i, "GET", "api/v1/admin/monitors", null)
                    .statusCode());
        }
        SignInForm form = signInForm();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> wrong = signIn(form, "wrong password number " + i);
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.body().contains("Wrong name or password."), wrong.body());
        }
        HttpResponse<String> throttled = signIn(form, ConsoleBrowserTest.ADA_PASSWORD);
        assertEquals(429, throttled.statusCode(), "20 failures in the minute, tokens and passwords together");
        assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
        assertTrue(throttled.body().contains("Too many failed sign-ins"), throttled.body());
    }

    @Test
    void plainHttpToAHostThatIsNotLoopbackCannotSignIn() throws Exception {
        SignInForm form = signInForm();
        String body = form("_csrf", form.csrf(), "name", "ada", "password", ConsoleBrowserTest.ADA_PASSWORD);
        URI base = app.baseUri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /admin/login HTTP/1.1\r\nHost: status.example.org\r\nCookie: " + form.cookie()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            assertTrue(answer.contains("open the console over HTTPS"), answer);
            assertTrue(!answer.contains("__Host-upwatch-session"), answer);
        }
    }

    @Test
    void changesMadeWithATokenAreInTheAuditLog() throws Exception {
        var issued = app.tokens().create("deploy", TokenScope.ADMIN);
        HttpResponse<String> created = ServerRequests.withToken(app.baseUri(), issued.secret().value(), "POST",
                "api/v1/admin/monitors", """
                {"id": "api-made", "type": "tcp", "host": "127.0.0.1", "port": 9, "interval": "1h", "timeout": "1s"}""");
        assertEquals(201, created.statusCode(), created.body());
        ServerRequests.withToken(app.baseUri(), issued.secret().value(), "GET", "api/v1/admin/monitors", null);
        List<AuditEntry> entries = app.auditTrail().newest(10);
        assertEquals(1, entries.size(), "a read is not a change: " + entries);
        AuditEntry entry = entries.getFirst();
        assertEquals("token:" + issued.token().id(), entry.actor());
        assertEquals("POST /api/v1/admin/monitors", entry.action());
        assertEquals("201", entry.outcome());
    }
}
