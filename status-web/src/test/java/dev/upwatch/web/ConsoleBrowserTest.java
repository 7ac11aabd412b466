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

    @TempDir
    Path data;
    @TempDir
    Path profile;
    private UpwatchApplication app;
    private ChromeDriver browser;

    /** A server with one public and one private monitor, an admin {@code ada} and a viewer {@code vic}. */
    static UpwatchApplication serve(Path data) throws Exception {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { data-dir: "%s" }
                page: { title: "Console test" }
                monitors:
                  - { id: web, name: "Web", group: Front, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s }
                  - { id: db, name: "Database", group: Back, type: tcp, host: 127.0.0.1, port: 9, interval: 1h, timeout: 1s,
                      private: true }
                """.formatted(data.toString().replace("\\", "/"));
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
        org.openqa.selenium.WebElement button = browser.findElement(By.id("sign-in"));
        button.click();
        // The password check takes a while (Argon2id): wait until the next page has replaced the form, or a test would
        // read the sign-in page it is still on.
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(button));
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

        org.openqa.selenium.WebElement signOut = browser.findElement(By.id("sign-out"));
        signOut.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(10))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(signOut));
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
        browser.findElement(By.id("filter")).click();
        assertEquals(List.of("db"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"));
        assertEquals("DATA", browser.findElement(By.id("q")).getAttribute("value"), "the form keeps what was asked");

        browser.get(url("admin?group=Front"));
        assertEquals(List.of("web"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"));
        browser.get(url("admin"));
        browser.findElement(By.linkText("Name")).click();
        assertEquals("ascending", browser.findElement(By.cssSelector("th[aria-sort=ascending]")).getAttribute("aria-sort"));
        assertEquals(List.of("db", "web"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"),
                "Database before Web");
        browser.findElement(By.linkText("Name")).click();
        assertEquals(List.of("web", "db"), js.executeScript("return Array.prototype.map.call("
                + "document.querySelectorAll('#monitors tbody tr'), function (r) { return r.dataset.monitorId; });"),
                "reversed");
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
        for (String page : List.of("admin", "admin?q=nothing-matches", "admin/audit")) {
            browser.get(url(page));
            found.addAll(axe(js, axe, page));
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
