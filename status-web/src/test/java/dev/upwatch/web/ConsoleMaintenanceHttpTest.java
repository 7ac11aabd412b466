package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Each console maintenance route's refusals as HTTP sees them: no session, a viewer's change, a change without the
 * CSRF token, a window of the file (read-only, with its line), an unknown window, a taken id; a preview saves nothing.
 */
class ConsoleMaintenanceHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");
    private static final String FILE_WINDOW = """
            maintenance:
              - { title: "Nightly backup", monitors: [db], cron: "45 23 * * *", duration: 30m }
            """;
    private static final List<String> CHANGES = List.of("admin/maintenance", "admin/maintenance/config-1",
            "admin/maintenance/config-1/delete");

    @TempDir
    Path data;
    private UpwatchApplication app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data, FILE_WINDOW);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** A signed-in session: its cookie and its CSRF token. */
    private record Session(String cookie, String csrf) {
    }

    private Session signIn(String name, String password) throws Exception {
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

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path));
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Session session, String path, String... pairs) throws Exception {
        String[] all = new String[pairs.length + 2];
        all[0] = "_csrf";
        all[1] = session.csrf();
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return post(path, session.cookie(), form(all));
    }

    private static String form(String... pairs) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            text.append(i == 0 ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    @Test
    void everyChangeNeedsASessionTheEditorRoleAndTheCsrfToken() throws Exception {
        for (String path : CHANGES) {
            assertEquals(401, post(path, "", form("id", "x")).statusCode(), path + " without a session");
        }
        Session viewer = signIn("vic", ConsoleBrowserTest.VIC_PASSWORD);
        for (String path : CHANGES) {
            HttpResponse<String> refused = post(viewer, path, "id", "x", "confirm", "yes");
            assertEquals(403, refused.statusCode(), path + " as a viewer");
            assertTrue(refused.body().contains("needs the role editor"), refused.body());
        }
        assertEquals(200, get("admin/maintenance", viewer.cookie()).statusCode(), "a viewer reads");
        assertEquals(200, get("admin/maintenance/config-1", viewer.cookie()).statusCode());
        Session admin = signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        for (String path : CHANGES) {
            HttpResponse<String> refused = post(path, admin.cookie(), form("id", "x", "confirm", "yes"));
            assertEquals(403, refused.statusCode(), path + " without the CSRF token");
            assertTrue(refused.body().contains("CSRF proof is missing or wrong"), refused.body());
        }
        assertTrue(get("admin/maintenance/config-1", admin.cookie()).body().contains("Nightly backup"), "not deleted");
    }

    @Test
    void theFilesWindowIsReadOnlyAndAnUnknownOneIsNotFound() throws Exception {
        Session admin = signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> edit = post(admin, "admin/maintenance/config-1", "title", "Changed", "monitors", "web",
                "cron", "0 1 * * *", "duration", "1h", "action", "save");
        assertEquals(409, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("defined in console.yml, line 10"), edit.body());
        assertTrue(edit.body().contains("read-only here"), edit.body());
        HttpResponse<String> delete = post(admin, "admin/maintenance/config-1/delete", "confirm", "yes");
        assertEquals(409, delete.statusCode(), delete.body());
        assertTrue(get("admin/maintenance", admin.cookie()).body().contains("Nightly backup"));
        assertEquals(404, get("admin/maintenance/nope", admin.cookie()).statusCode());
        assertEquals(404, post(admin, "admin/maintenance/nope/delete", "confirm", "yes").statusCode());
    }

    @Test
    void aPreviewSavesNothingAndATakenIdIsRefused() throws Exception {
        Session admin = signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> preview = post(admin, "admin/maintenance", "id", "nightly", "title", "Nightly",
                "monitors", "web", "cron", "0 2 * * *", "duration", "1h", "timezone", "UTC", "action", "preview");
        assertEquals(200, preview.statusCode(), preview.body());
        assertEquals(5, preview.body().split("<li><time").length - 1, preview.body());
        assertTrue(!get("admin/maintenance", admin.cookie()).body().contains("data-window-id=\"nightly\""));

        assertEquals(303, post(admin, "admin/maintenance", "id", "nightly", "title", "Nightly", "monitors", "web",
                "cron", "0 2 * * *", "duration", "1h", "action", "save").statusCode());
        HttpResponse<String> taken = post(admin, "admin/maintenance", "id", "nightly", "title", "Again",
                "monitors", "web", "cron", "0 3 * * *", "duration", "1h", "action", "save");
        assertEquals(409, taken.statusCode());
        assertTrue(taken.body().contains("is already used"), taken.body());
        HttpResponse<String> config = post(admin, "admin/maintenance", "id", "config-9", "title", "Again",
                "monitors", "web", "cron", "0 3 * * *", "duration", "1h", "action", "save");
        assertEquals(409, config.statusCode());
        assertTrue(config.body().contains("belong to the configuration file"), config.body());
    }
}
