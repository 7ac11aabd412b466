package dev.upwatch.web;

import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's page settings as HTTP sees them: an admin's title, footer, logo and links show on the public page at
 * once (the same renderer; the logo's origin joins the Content-Security-Policy), a reset shows the file's again; an editor's or viewer's change, one without the CSRF
 * token and a bad logo address are refused, and the public page keeps what it showed.
 */
class ConsolePageSettingsHttpTest {
    private static final String EDDIE_PASSWORD = "eddie's long console passphrase";

    @TempDir
    Path data;
    private UpwatchApplication app;
    private ConsoleHttp http;

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data);
        app.accounts().add(new UserName("eddie"), Role.EDITOR, EDDIE_PASSWORD.toCharArray());
        http = new ConsoleHttp(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anAdminsSettingsShowOnThePublicPageAndAResetShowsTheFilesAgain() throws Exception {
        assertTrue(home().contains("<title>Console test"), home());
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> form = http.get("admin/page", admin.cookie());
        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().contains("From the file: <span class=\"file-value\">Console test</span>"), form.body());
        assertTrue(form.body().contains("href=\"/admin/page\" aria-current=\"page\""), "the nav marks Page");

        HttpResponse<String> saved = http.post(admin, "admin/page", "title", "Acme & Co status", "footer",
                "Operated by Acme since 2020", "logo", "https://cdn.example.com/acme.svg", "links", "Docs | https://docs.example.com/\n",
                "action", "save");
        assertEquals(303, saved.statusCode(), saved.body());
        String changed = home();
        assertTrue(changed.contains("<title>Acme &amp; Co status"), changed);
        assertTrue(changed.contains("Operated by Acme since 2020"), changed);
        assertTrue(changed.contains("https://docs.example.com/"), changed);
        assertTrue(changed.contains("src=\"https://cdn.example.com/acme.svg\""), changed);
        assertTrue(http.get("", "").headers().firstValue("Content-Security-Policy").orElseThrow()
                .contains("img-src 'self' data: https://cdn.example.com;"), "the console's logo may load");
        assertTrue(http.get("admin/page", admin.cookie()).body().contains("value=\"Acme &amp; Co status\""));

        assertEquals(303, http.post(admin, "admin/page", "action", "reset").statusCode());
        String reset = home();
        assertTrue(reset.contains("<title>Console test"), reset);
        assertFalse(reset.contains("Operated by Acme"), reset);
        assertFalse(reset.contains("docs.example.com"), reset);
        assertFalse(http.get("", "").headers().firstValue("Content-Security-Policy").orElseThrow()
                .contains("cdn.example.com"), "nor its origin");
        List<String> audited = app.auditTrail().newest(20).stream().filter(e -> e.actor().equals("user:ada"))
                .map(e -> e.action() + " " + e.outcome()).toList();
        assertEquals(2, audited.stream().filter("POST /admin/page 303"::equals).count(), audited.toString());
    }

    @Test
    void onlyAnAdminChangesWithTheCsrfTokenAndABadLogoIsRefusedByField() throws Exception {
        assertEquals(401, http.post("admin/page", "", ConsoleHttp.form("title", "x")).statusCode(), "no session");
        for (String[] user : new String[][]{{"vic", ConsoleBrowserTest.VIC_PASSWORD}, {"eddie", EDDIE_PASSWORD}}) {
            ConsoleHttp.Session session = http.signIn(user[0], user[1]);
            assertEquals(200, http.get("admin/page", session.cookie()).statusCode(), user[0] + " reads");
            HttpResponse<String> refused = http.post(session, "admin/page", "title", "Taken over", "action", "save");
            assertEquals(403, refused.statusCode(), user[0]);
            assertTrue(refused.body().contains("needs the role admin"), refused.body());
        }
        ConsoleHttp.Session admin = http.signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        HttpResponse<String> noProof = http.post("admin/page", admin.cookie(), ConsoleHttp.form("title", "Taken over"));
        assertEquals(403, noProof.statusCode());
        assertTrue(noProof.body().contains("CSRF proof is missing or wrong"), noProof.body());

        HttpResponse<String> badLogo = http.post(admin, "admin/page", "title", "Taken over", "logo",
                "javascript:alert(1)", "action", "save");
        assertEquals(400, badLogo.statusCode(), badLogo.body());
        assertTrue(badLogo.body().contains("id=\"logo-error\">must be an http:// or https:// URL or a path starting with /"),
                badLogo.body());
        assertTrue(badLogo.body().contains("value=\"javascript:alert(1)\""), "the entered value is shown again");
        HttpResponse<String> badLink = http.post(admin, "admin/page", "links", "Docs | ftp://example.com/", "action",
                "save");
        assertEquals(400, badLink.statusCode(), badLink.body());
        assertTrue(badLink.body().contains("id=\"links-error\">links[0].url: must be an http:// or https:// URL"),
                badLink.body());
        assertTrue(home().contains("<title>Console test"), "nothing was stored");
        assertTrue(app.auditTrail().newest(20).stream().map(e -> e.outcome())
                .anyMatch(o -> o.equals("refused: needs role admin")), "a refusal is audited");
    }

    private String home() throws Exception {
        HttpResponse<String> page = http.get("", "");
        assertEquals(200, page.statusCode());
        return page.body();
    }
}
