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
 * Each console maintenance route's refusals as HTTP sees them: no session, a viewer's change, a change without the
 * CSRF token, a window of the file (read-only, with its line), an unknown window, a taken id; a preview saves nothing.
 */
class ConsoleMaintenanceHttpTest {
    private static final String FILE_WINDOW = """
            maintenance:
              - { title: "Nightly backup", monitors: [db], cron: "45 23 * * *", duration: 30m }
            """;
    private static final List<String> CHANGES = List.of("admin/maintenance", "admin/maintenance/config-1",
            "admin/maintenance/config-1/delete");

    @TempDir
    Path data;
    private UpwatchApplication app;
    private ConsoleHttp http;

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data, FILE_WINDOW);
        http = new ConsoleHttp(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyChangeNeedsASessionTheEditorRoleAndTheCsrfToken() throws Exception {
        for (String path : CHANGES) {
            assertEquals(401, http.post(path, "", ConsoleHttp.form("id", "x")).statusCode(), path + " without a session");
        }
        ConsoleHttp.Session viewer = http.signIn("vic", ConsoleBrowserTest.VIC_PASSWORD);
        for (String path : CHANGES) {
            HttpResponse<String> refused = http.post(viewer, path, "id", "x", "confirm", "yes");
            assertEquals(403, refused.statusCode(), path + " as a viewer");
            assertTrue(refused.body().contains("needs the role editor"), refused.body());
        }
        assertEquals(200, http.get("admin/maintenance", viewer.cookie()).statusCode(), "a viewer reads");
        assertEquals(200, http.get("admin/maintenance/config-1", viewer.cookie()).statusCode());
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        for (String path : CHANGES) {
            HttpResponse<String> refused = http.post(path, admin.cookie(), ConsoleHttp.form("id", "x", "confirm", "yes"));
            assertEquals(403, refused.statusCode(), path + " without the CSRF token");
            assertTrue(refused.body().contains("CSRF proof is missing or wrong"), refused.body());
        }
        assertTrue(http.get("admin/maintenance/config-1", admin.cookie()).body().contains("Nightly backup"), "not deleted");
    }

    @Test
    void theFilesWindowIsReadOnlyAndAnUnknownOneIsNotFound() throws Exception {
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> edit = http.post(admin, "admin/maintenance/config-1", "title", "Changed", "monitors", "web",
                "cron", "0 1 * * *", "duration", "1h", "action", "save");
        assertEquals(409, edit.statusCode(), edit.body());
        assertTrue(edit.body().contains("defined in console.yml, line 10"), edit.body());
        assertTrue(edit.body().contains("read-only here"), edit.body());
        HttpResponse<String> delete = http.post(admin, "admin/maintenance/config-1/delete", "confirm", "yes");
        assertEquals(409, delete.statusCode(), delete.body());
        assertTrue(http.get("admin/maintenance", admin.cookie()).body().contains("Nightly backup"));
        assertEquals(404, http.get("admin/maintenance/nope", admin.cookie()).statusCode());
        assertEquals(404, http.post(admin, "admin/maintenance/nope/delete", "confirm", "yes").statusCode());
    }

    @Test
    void aPreviewSavesNothingAndATakenIdIsRefused() throws Exception {
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> preview = http.post(admin, "admin/maintenance", "id", "nightly", "title", "Nightly",
                "monitors", "web", "cron", "0 2 * * *", "duration", "1h", "timezone", "UTC", "action", "preview");
        assertEquals(200, preview.statusCode(), preview.body());
        assertEquals(5, preview.body().split("<li><time").length - 1, preview.body());
        assertTrue(!http.get("admin/maintenance", admin.cookie()).body().contains("data-window-id=\"nightly\""));

        assertEquals(303, http.post(admin, "admin/maintenance", "id", "nightly", "title", "Nightly", "monitors", "web",
                "cron", "0 2 * * *", "duration", "1h", "action", "save").statusCode());
        HttpResponse<String> taken = http.post(admin, "admin/maintenance", "id", "nightly", "title", "Again",
                "monitors", "web", "cron", "0 3 * * *", "duration", "1h", "action", "save");
        assertEquals(409, taken.statusCode());
        assertTrue(taken.body().contains("is already used"), taken.body());
        HttpResponse<String> config = http.post(admin, "admin/maintenance", "id", "config-9", "title", "Again",
                "monitors", "web", "cron", "0 3 * * *", "duration", "1h", "action", "save");
        assertEquals(409, config.statusCode());
        assertTrue(config.body().contains("belong to the configuration file"), config.body());
    }
}
