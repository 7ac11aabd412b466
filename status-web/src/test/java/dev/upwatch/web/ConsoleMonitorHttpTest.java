package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each console monitor and group route's refusals as HTTP sees them: no session, a viewer's change, a change without
 * the CSRF token, a file monitor's change, an unknown monitor or group, a taken id, YAML that does not read, "Check now"
 * of a push monitor and of a target the egress policy denies (blocked, never contacted), bad group fields.
 */
class ConsoleMonitorHttpTest {

    @TempDir
    Path data;
    private UpwatchApplication app;
    private ConsoleHttp http;

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data);
        http = new ConsoleHttp(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static final List<String> CHANGES = List.of("admin/monitors/new", "admin/monitors/web",
            "admin/monitors/web/pause", "admin/monitors/web/resume", "admin/monitors/web/delete", "admin/groups/Front");

    @Test
    void everyChangeNeedsASessionTheEditorRoleAndTheCsrfToken() throws Exception {
        for (String path : CHANGES) {
            assertEquals(401, http.post(path, "", ConsoleHttp.form("id", "x")).statusCode(), path + " without a session");
        }
        ConsoleHttp.Session viewer = http.signIn("vic", ConsoleBrowserTest.VIC_PASSWORD);
        for (String path : CHANGES) {
            HttpResponse<String> refused = http.post(viewer, path, "id", "x");
            assertEquals(403, refused.statusCode(), path + " as a viewer");
            assertTrue(refused.body().contains("needs the role editor"), refused.body());
        }
        assertEquals(200, http.get("admin/monitors/web", viewer.cookie()).statusCode(), "a viewer reads");
        assertEquals(200, http.get("admin/groups", viewer.cookie()).statusCode());
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        for (String path : CHANGES) {
            HttpResponse<String> refused = http.post(path, admin.cookie(), ConsoleHttp.form("id", "x"));
            assertEquals(403, refused.statusCode(), path + " without the CSRF token");
            assertTrue(refused.body().contains("CSRF proof is missing or wrong"), refused.body());
        }
        assertEquals(2, app.engine().monitors().size(), "nothing changed");
    }

    @Test
    void aFileMonitorAndAnUnknownOneAreRefused() throws Exception {
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        for (String path : List.of("admin/monitors/web", "admin/monitors/web/delete", "admin/monitors/web/pause",
                "admin/monitors/web/resume")) {
            HttpResponse<String> refused = http.post(admin, path, "id", "web", "name", "Changed", "type", "tcp");
            assertEquals(409, refused.statusCode(), path);
            assertTrue(refused.body().contains("defined in console.yml, line"), refused.body());
        }
        assertEquals(409, http.get("admin/monitors/web/delete", admin.cookie()).statusCode(), "no confirmation to offer");
        assertEquals("Web", app.engine().monitors().getFirst().name());
        for (String path : List.of("admin/monitors/nope", "admin/monitors/nope/clone", "admin/monitors/nope/delete")) {
            assertEquals(404, http.get(path, admin.cookie()).statusCode(), path);
        }
        for (String path : List.of("admin/monitors/nope", "admin/monitors/nope/delete", "admin/monitors/nope/pause")) {
            assertEquals(404, http.post(admin, path, "id", "nope").statusCode(), path);
        }
    }

    @Test
    void aTakenIdAndUnreadableSettingsAreShownByField() throws Exception {
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> taken = http.post(admin, "admin/monitors/new", "id", "web", "name", "Other", "type", "tcp",
                "settings", "host: 127.0.0.1\nport: 9", "action", "save");
        assertEquals(409, taken.statusCode(), taken.body());
        assertTrue(taken.body().contains("aria-describedby=\"e-id h-id\""), taken.body());
        assertTrue(taken.body().contains("id=\"e-id\">monitor id &#39;web&#39; is already used"), taken.body());

        HttpResponse<String> yaml = http.post(admin, "admin/monitors/new", "id", "new-one", "name", "New", "type", "tcp",
                "settings", "host: [127.0.0.1", "action", "save");
        assertEquals(422, yaml.statusCode());
        assertTrue(yaml.body().contains("id=\"e-settings\">must be YAML keys and values"), yaml.body());
        assertTrue(yaml.body().contains("host: [127.0.0.1</textarea>"), "the input is kept: " + yaml.body());

        HttpResponse<String> twice = http.post(admin, "admin/monitors/new", "id", "new-one", "name", "New", "type", "tcp",
                "settings", "name: Again\nhost: 127.0.0.1\nport: 9", "action", "save");
        assertEquals(422, twice.statusCode());
        assertTrue(twice.body().contains("name: has a field of its own above"), twice.body());
        assertEquals(2, app.engine().monitors().size());
    }

    @Test
    void checkNowRefusesAPushMonitorAndReportsADeniedTargetAsBlocked() throws Exception {
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> push = http.post(admin, "admin/monitors/new", "id", "cron", "name", "Cron", "type", "push",
                "settings", "token: a-long-enough-push-token-for-the-test", "action", "check");
        assertEquals(409, push.statusCode(), push.body());
        assertTrue(push.body().contains("a push monitor is not checked by Upwatch"), push.body());

        // The egress policy allows 127.0.0.0/8 only: [::1] is refused before any connection is made.
        HttpResponse<String> denied = http.post(admin, "admin/monitors/new", "id", "six", "name", "Six", "type", "tcp",
                "timeout", "1s", "settings", "host: \"::1\"\nport: 9", "action", "check");
        assertEquals(200, denied.statusCode(), denied.body());
        assertTrue(denied.body().contains("id=\"check-outcome\" class=\"badge text-bg-danger\">BLOCKED"), denied.body());
        assertEquals(2, app.engine().monitors().size(), "a check saves nothing");
    }

    @Test
    void aGroupChangeWithABadFieldOrATakenNameIsRefusedByField() throws Exception {
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> position = http.post(admin, "admin/groups/Front", "name", "Front", "position", "-1");
        assertEquals(422, position.statusCode());
        assertTrue(position.body().contains("is-invalid\" id=\"g0-position\""), position.body());
        assertTrue(position.body().contains("id=\"g0-position-error\">must be 0 to"), position.body());
        HttpResponse<String> taken = http.post(admin, "admin/groups/Front", "name", "Back");
        assertEquals(409, taken.statusCode());
        assertTrue(taken.body().contains("a group named &#39;Back&#39; exists"), taken.body());
        assertEquals(404, http.post(admin, "admin/groups/Nowhere", "name", "Elsewhere").statusCode());
        assertEquals(303, http.post(admin, "admin/groups/Front", "name", "Front", "position", "3", "collapsed", "true")
                .statusCode());
    }
}
