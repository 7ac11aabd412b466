package dev.upwatch.web;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console as a plain HTTP client sees it (no redirects followed): sign in, then post forms with or without proof. */
final class ConsoleHttp {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");

    private final UpwatchApplication app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    ConsoleHttp(UpwatchApplication app) {
        this.app = Objects.requireNonNull(app, "app");
    }

    /** A signed-in session: its cookie and its CSRF token. */
    record Session(String cookie, String csrf) {
    }

    Session signIn(String name, String password) throws Exception {
        HttpResponse<String> page = get("admin/login", "");
        Matcher csrf = CSRF.matcher(page.body());
        assertTrue(csrf.find(), page.body());
        String signInCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> signedIn = post("admin/login", signInCookie.substring(0, signInCookie.indexOf(';')),
                form("_csrf", csrf.group(1), "name", name, "password", password));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        String session = signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-upwatch-session=")).findFirst().orElseThrow();
        String cookie = session.substring(0, session.indexOf(';'));
        Matcher token = CSRF.matcher(get("admin", cookie).body());
        assertTrue(token.find());
        return new Session(cookie, token.group(1));
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path));
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(Session session, String path, String... pairs) throws Exception {
        String[] all = new String[pairs.length + 2];
        all[0] = "_csrf";
        all[1] = session.csrf();
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return post(path, session.cookie(), form(all));
    }

    static String form(String... pairs) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
