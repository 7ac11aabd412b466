package dev.upwatch.web;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless Chromium: signing in (after a wrong password) and out, the session cookie's
 * attributes as the browser keeps them, a form posted without its CSRF proof refused, a viewer refused a change,
 * the audit log, the dashboard's filters, search and order (plain links and forms, no script), and axe-core on every
 * console page; no CSP violation anywhere.
 */
class ConsoleBrowserTest {
    static final String ADA_PASSWORD = "ada's long console passphrase";
    static final String VIC_PASSWORD = "vic's long console passphrase";
    static final String EVE_PASSWORD = "eve's long console passphrase";

    @TempDir
    Path data;
    @TempDir
    Path profile;
    private UpwatchApplication app;
    private ChromeDriver browser;

    /** A server with one public and one private monitor, an admin {@code ada} and a viewer {@code vic}. */
    static UpwatchApplication serve(Path data) throws Exception {
        return serve(data, "");
    }

    /** The same, with {@code moreMonitors} (YAML list entries) after the two. */
    static UpwatchApplication serve(Path data, String moreMonitors) throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { data-dir: "%s" }
                page: { title: "Console test" }
                monitors:
                  - { id: web, name: "Web", group: Front, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                  - { id: db, name: "Database", group: Back, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s,
                      private: true }
                %s
                """.formatted(data.toString().replace("\\", "/"), moreMonitors);
        UpwatchConfig config = new ConfigLoader(ProbeRegistry.load(ConsoleBrowserTest.class.getClassLoader()), Map.of())
                .parse(yaml, "console.yml", data);
        UpwatchApplication app = UpwatchApplication.start(config, Clock.systemUTC(), UpwatchServerTest.fastEngine());
        app.accounts().add(new UserName("ada"), Role.ADMIN, ADA_PASSWORD.toCharArray());
        app.accounts().add(new UserName("vic"), Role.VIEWER, VIC_PASSWORD.toCharArray());
        return app;
    }

    @BeforeEach
    void start() throws Exception {
        app = serve(data);
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            try {
                List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
                assertTrue(violations.isEmpty(), "CSP violations: " + violations);
            } finally {
                browser.quit();
            }
        }
        if (app != null) {
            app.close();
        }
    }

    private String url(String path) {
        return app.baseUri().resolve(path).toString();
    }

    private void signIn(String name, String password) {
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        // The password check takes a while (Argon2id).
        submitAndWait(browser.findElement(By.id("sign-in")));
    }

    /** Clicks {@code button} and waits until the next page has replaced it, so that the test reads the next page. */
    void submitAndWait(org.openqa.selenium.WebElement button) {
        button.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20)).until(d -> {
            try {
                button.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                // Stale, or (Chromium, mid-navigation) "node does not belong to the document": the page was replaced.
                return true;
            }
        });
    }

    private String path() {
        return java.net.URI.create(browser.getCurrentUrl()).getPath();
    }

    @Test
    void signsInAfterAWrongPasswordKeepsAStrictCookieAndSignsOut() {
        browser.get(url("admin/audit"));
        assertEquals("/admin/login", path(), "a console page without a session leads to the sign-in page");

        signIn("ada", "not ada's password at all");
        assertEquals("Wrong name or password.", browser.findElement(By.id("sign-in-error")).getText());
        assertEquals(null, browser.manage().getCookieNamed("__Host-upwatch-session"));

        signIn("ada", ADA_PASSWORD);
        assertEquals("/admin/audit", path(), "back to the page asked for");
        assertEquals("ada · admin", browser.findElement(By.id("signed-in-as")).getText());
        Cookie session = browser.manage().getCookieNamed("__Host-upwatch-session");
        assertNotNull(session, "the browser keeps the __Host- cookie on a loopback host over plain HTTP");
        assertTrue(session.isSecure(), "Secure");
        assertTrue(session.isHttpOnly(), "HttpOnly");
        assertEquals("Lax", session.getSameSite());
        assertEquals("/", session.getPath());
        assertEquals(null, session.getExpiry(), "a browser-session cookie: the server ends sessions");
        assertEquals(null, browser.manage().getCookieNamed("__Host-upwatch-signin"), "the sign-in cookie is spent");
        assertTrue(browser.findElement(By.id("audit")).getText().contains("user:ada sign-in"),
                browser.findElement(By.id("audit")).getText());

        submitAndWait(browser.findElement(By.id("sign-out")));
        assertEquals("/admin/login", path());
        assertEquals(null, browser.manage().getCookieNamed("__Host-upwatch-session"));
        browser.manage().addCookie(session); // an old cookie brings nothing back: the session ended on the server
        browser.get(url("admin"));
        assertEquals("/admin/login", path());
    }

    @Test
    void aFormWithoutItsCsrfProofIsRefusedAndRecorded() {
        browser.get(url("admin"));
        signIn("ada", ADA_PASSWORD);
        assertEquals("/admin", path());
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.querySelector('form[action=\"/admin/logout\"]'); f.querySelector('[name=_csrf]').remove();"
                        + " f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("CSRF proof is missing or wrong"),
                browser.getPageSource());
        browser.get(url("admin"));
        assertEquals("/admin", path(), "still signed in: the forged sign-out did nothing");
        assertTrue(app.auditTrail().newest(10).stream().map(AuditEntry::outcome).anyMatch(o -> o.contains("CSRF")));
    }

    @Test
    void aViewerSeesTheConsoleButCannotChangeAnything() {
        browser.get(url("admin"));
        signIn("vic", VIC_PASSWORD);
        assertEquals("vic · viewer", browser.findElement(By.id("signed-in-as")).getText());
        assertTrue(browser.findElements(By.cssSelector("a[href='/admin/audit']")).isEmpty(), "no audit link for a viewer");
        browser.get(url("admin/audit"));
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role admin; you are viewer"));
        // A change with a valid CSRF token, posted as a form of the page would be: refused for the role.
        browser.get(url("admin"));
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/users';"
                        + " var t = document.querySelector('[name=_csrf]').cloneNode(); f.appendChild(t);"
                        + " document.body.appendChild(f); f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role admin; you are viewer"));
        assertTrue(app.auditTrail().newest(10).stream().anyMatch(e -> e.actor().equals("user:vic")
                && e.action().equals("POST /admin/users") && e.outcome().equals("refused: needs role admin")));
    }

    @Test
    void theDashboardShowsEveryMonitorAndFiltersSortsAndSearchesWithoutScript() {
        browser.get(url("admin"));
        signIn("vic", VIC_PASSWORD);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertEquals(List.of("web", "db"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"),
                "every monitor, the private one too, in page order");
        assertTrue(browser.findElement(By.cssSelector("[data-monitor-id=db]")).getText().contains("private"));
        assertTrue(browser.findElement(By.id("dashboard-summary")).getText().startsWith("2 of 2 monitors"));

        browser.findElement(By.id("q")).sendKeys("DATA");
        submitAndWait(browser.findElement(By.id("filter")));
        assertEquals(List.of("db"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"));
        assertEquals("DATA", browser.findElement(By.id("q")).getAttribute("value"), "the form keeps what was asked");

        browser.get(url("admin?group=Front"));
        assertEquals(List.of("web"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"));
        browser.get(url("admin"));
        submitAndWait(browser.findElement(By.linkText("Name")));
        assertEquals("ascending", browser.findElement(By.cssSelector("th[aria-sort=ascending]")).getAttribute("aria-sort"));
        assertEquals(List.of("db", "web"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"),
                "Database before Web");
        submitAndWait(browser.findElement(By.linkText("Name")));
        assertEquals(List.of("web", "db"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"),
                "reversed");
    }

    @Test
    void anOpenDashboardShowsAStatusChangeWithoutReloading() throws Exception {
        app.close();
        app = null;
        JavascriptExecutor js = (JavascriptExecutor) browser;
        org.openqa.selenium.support.ui.WebDriverWait wait = new org.openqa.selenium.support.ui.WebDriverWait(browser,
                java.time.Duration.ofSeconds(30));
        try (java.net.ServerSocket target = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            app = serve(data.resolve("live"), "  - { id: api, name: \"API\", type: tcp, host: 127.0.0.1, port: %d, interval: 1s, timeout: 1s }"
                    .formatted(target.getLocalPort()));
            browser.get(url("admin?sort=name"));
            signIn("vic", VIC_PASSWORD);
            assertEquals("sort=name", java.net.URI.create(browser.getCurrentUrl()).getQuery(), "back to the page asked for");
            wait.until(d -> "connected".equals(js.executeScript("return document.body.getAttribute('data-live');")));
            wait.until(d -> "up".equals(js.executeScript(
                    "return document.querySelector('[data-monitor-id=api]').getAttribute('data-status');")));
            js.executeScript("window.sameDocument = 'yes';");
        } // the target stops listening: the next checks fail
        wait.until(d -> "down".equals(js.executeScript(
                "return document.querySelector('[data-monitor-id=api]').getAttribute('data-status');")));
        assertEquals("yes", js.executeScript("return window.sameDocument;"), "put in place, not reloaded");
        assertEquals("Down", browser.findElement(By.cssSelector("[data-monitor-id=api] .monitor-status")).getText());
        assertTrue(browser.findElement(By.id("dashboard-summary")).getText().contains("down"));
        assertEquals(List.of("api", "db", "web"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"),
                "the open page's query (sort by name) still decides the rows");
    }

    @Test
    void anAdminManagesUsersAndTokensAndEveryChangeIsAudited() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.get(url("admin/users"));
        signIn("ada", ADA_PASSWORD);
        assertEquals("/admin/users", path());

        // A password the rules refuse (posted past the browser's own check): the field and the rule are named.
        js.executeScript("var f = document.getElementById('add-user'); f.name.value = 'eve';"
                + " f.password.value = 'short'; f.submit();");
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.id("error")).isEmpty());
        assertEquals("password: must be at least 15 characters long, got 5", browser.findElement(By.id("error")).getText());
        assertEquals("eve", browser.findElement(By.id("new-name")).getAttribute("value"), "the form keeps the name");

        browser.findElement(By.id("new-password")).sendKeys(EVE_PASSWORD);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("new-role"))).selectByVisibleText("editor");
        submitAndWait(browser.findElement(By.cssSelector("#add-user button[type=submit]")));
        assertEquals("Added eve as editor.", browser.findElement(By.id("notice")).getText());

        // Eve signs in elsewhere (her cookie is kept), and sees no admin pages.
        browser.manage().deleteAllCookies();
        browser.get(url("admin"));
        signIn("eve", EVE_PASSWORD);
        assertEquals("eve · editor", browser.findElement(By.id("signed-in-as")).getText());
        assertTrue(browser.findElements(By.cssSelector("a[href='/admin/users']")).isEmpty(), "no users link for an editor");
        Cookie eves = browser.manage().getCookieNamed("__Host-upwatch-session");
        browser.get(url("admin/tokens"));
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role admin; you are editor"));

        // Ada resets Eve's password: Eve's session ends.
        browser.manage().deleteAllCookies();
        browser.get(url("admin/users"));
        signIn("ada", ADA_PASSWORD);
        browser.findElement(By.cssSelector("tr[data-user=eve] input[name=password]")).sendKeys(EVE_PASSWORD + " again");
        submitAndWait(browser.findElement(By.cssSelector("form[action='/admin/users/eve/password'] button")));
        assertEquals("New password set for eve; their sessions have ended.", browser.findElement(By.id("notice")).getText());
        Cookie adas = browser.manage().getCookieNamed("__Host-upwatch-session");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(eves);
        browser.get(url("admin"));
        assertEquals("/admin/login", path(), "Eve's old session is gone");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(adas);

        // Role, then delete; the only admin cannot be demoted.
        browser.get(url("admin/users"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("tr[data-user=eve] select")))
                .selectByVisibleText("viewer");
        submitAndWait(browser.findElement(By.cssSelector("form[action='/admin/users/eve/role'] button")));
        assertEquals("eve is now viewer.", browser.findElement(By.id("notice")).getText());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("tr[data-user=ada] select")))
                .selectByVisibleText("editor");
        submitAndWait(browser.findElement(By.cssSelector("form[action='/admin/users/ada/role'] button")));
        assertTrue(browser.findElement(By.id("error")).getText().contains("ada is the only admin"));
        assertTrue(browser.findElements(By.cssSelector("form[action='/admin/users/ada/delete']")).isEmpty(),
                "no delete button for oneself");
        submitAndWait(browser.findElement(By.cssSelector("form[action='/admin/users/eve/delete'] button")));
        assertEquals("Deleted eve.", browser.findElement(By.id("notice")).getText());
        assertTrue(browser.findElements(By.cssSelector("tr[data-user=eve]")).isEmpty());

        // A token: its secret shown once and working, then revoked.
        browser.get(url("admin/tokens"));
        browser.findElement(By.id("token-name")).sendKeys("deploy script");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("token-scope"))).selectByVisibleText("admin");
        submitAndWait(browser.findElement(By.cssSelector("#create-token button[type=submit]")));
        String secret = browser.findElement(By.id("new-token-secret")).getText();
        String id = app.tokens().authenticate(secret).orElseThrow().id();
        browser.get(url("admin/tokens"));
        assertTrue(browser.findElements(By.id("new-token-secret")).isEmpty(), "shown once");
        submitAndWait(browser.findElement(By.cssSelector("form[action='/admin/tokens/" + id + "/revoke'] button")));
        assertEquals("revoked", browser.findElement(By.cssSelector("tr[data-token=" + id + "] .token-state")).getText());
        assertTrue(app.tokens().authenticate(secret).isEmpty(), "a revoked token authenticates nothing");

        List<String> audited = app.auditTrail().newest(50).stream().filter(e -> e.actor().equals("user:ada"))
                .map(e -> e.action() + " " + e.subject() + ": " + e.outcome()).toList();
        for (String expected : List.of("user add eve: added as editor", "user passwd eve: password set; sessions ended",
                "user role eve: role editor → viewer", "user remove eve: removed", "token revoke " + id + ": revoked",
                "token create " + id + ": created, scope admin")) {
            assertTrue(audited.contains(expected), expected + " in " + audited);
        }
        assertTrue(audited.stream().anyMatch(a -> a.startsWith("user add eve: refused: password: must be at least")));
    }

    @Test
    void aViewerIsShownNoEditControlsAndItsChangesAreRefused() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.get(url("admin"));
        signIn("vic", VIC_PASSWORD);
        assertEquals(List.of("/admin/logout"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('form[method=post]'), function (f) { return f.getAttribute('action'); });"),
                "the only form that posts is the sign-out");
        assertTrue(browser.findElements(By.cssSelector("a[href='/admin/users'], a[href='/admin/tokens']")).isEmpty());
        for (String page : List.of("admin/users", "admin/tokens")) {
            browser.get(url(page));
            assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role admin; you are viewer"));
        }
        browser.get(url("admin"));
        js.executeScript("var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/tokens';"
                + " var t = document.querySelector('[name=_csrf]').cloneNode(); f.appendChild(t);"
                + " var n = document.createElement('input'); n.name = 'name'; n.value = 'sneaky'; f.appendChild(n);"
                + " document.body.appendChild(f); f.submit();");
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.id("refusal")).isEmpty());
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role admin; you are viewer"));
        assertTrue(app.tokens().list().stream().noneMatch(t -> t.name().equals("sneaky")));
        assertTrue(app.auditTrail().newest(10).stream().anyMatch(e -> e.actor().equals("user:vic")
                && e.action().equals("POST /admin/tokens") && e.outcome().equals("refused: needs role admin")));
    }

    /**
     * Not a check: the screenshots of docs/admin.md, saved into the directory named by the system property
     * {@code upwatch.screenshots} (run with {@code -Dtest=ConsoleBrowserTest#screenshotsForTheDocs
     * -Dupwatch.screenshots=$PWD/docs/images}); skipped without it.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "upwatch.screenshots", matches = ".+")
    void screenshotsForTheDocs() throws Exception {
        Path into = Path.of(System.getProperty("upwatch.screenshots"));
        java.nio.file.Files.createDirectories(into);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        browser.get(url("admin"));
        shoot(into.resolve("admin-sign-in.png"));
        signIn("ada", ADA_PASSWORD);
        for (String theme : List.of("light", "dark")) {
            js.executeScript("localStorage.setItem('upwatch-theme', arguments[0]);", theme);
            browser.get(url("admin"));
            shoot(into.resolve("admin-dashboard-" + theme + ".png"));
        }
        js.executeScript("localStorage.setItem('upwatch-theme', 'light');");
        browser.get(url("admin/users"));
        shoot(into.resolve("admin-users.png"));
        browser.get(url("admin/tokens"));
        browser.findElement(By.id("token-name")).sendKeys("deploy script");
        submitAndWait(browser.findElement(By.cssSelector("#create-token button[type=submit]")));
        shoot(into.resolve("admin-tokens.png"));
        browser.get(url("admin/audit"));
        shoot(into.resolve("admin-audit.png"));
    }

    private void shoot(Path file) throws java.io.IOException {
        java.nio.file.Files.write(file, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Test
    void axeFindsNoViolationsOnTheConsolePages() throws Exception {
        String axe;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("axe.min.js")) {
            assertNotNull(in, "axe.min.js from com.deque.html.axe-core:selenium on the test classpath");
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> found = new ArrayList<>();
        browser.get(url("admin/login"));
        signIn("ada", "a wrong password, to show the error");
        found.addAll(axe(js, axe, "sign-in with an error"));
        signIn("ada", ADA_PASSWORD);
        for (String theme : List.of("light", "dark")) {
            js.executeScript("localStorage.setItem('upwatch-theme', arguments[0]);", theme);
            for (String page : List.of("admin", "admin?q=nothing-matches", "admin/audit", "admin/users", "admin/tokens")) {
                browser.get(url(page));
                assertEquals(theme, js.executeScript("return document.documentElement.getAttribute('data-bs-theme');"));
                found.addAll(axe(js, axe, theme + " " + page));
            }
        }
        assertEquals(List.of(), found, "axe-core violations");
    }

    private static List<String> axe(JavascriptExecutor js, String axe, String page) {
        js.executeScript(axe);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, { resultTypes: ['violations'] }).then(function (r) {"
                        + " done(r.violations.map(function (v) { return { id: v.id, help: v.help,"
                        + "  nodes: v.nodes.map(function (n) { return n.target.join(' '); }).slice(0, 3) }; })); });");
        return violations.stream().map(v -> page + ": " + v).toList();
    }
}
