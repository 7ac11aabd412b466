package dev.upwatch.web;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import dev.upwatch.core.model.IncidentId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's incidents in a real headless Chromium: an incident opened, updated and resolved in the console shows
 * on a public page that is open in another tab, without a reload; errors next to their fields; a viewer refused; a
 * post without its CSRF proof refused; audit entries; axe-core on each incident page.
 */
class ConsoleIncidentBrowserTest {
    static final String EVE_PASSWORD = "eve's long console passphrase";
    /** How long the public page may take to show a change (live snapshot, stream, browser). */
    private static final Duration LIVE = Duration.ofSeconds(20);

    @TempDir
    Path data;
    @TempDir
    Path profile;
    private UpwatchApplication app;
    private ChromeDriver browser;
    private ConsoleBrowser page;

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data);
        app.accounts().add(new UserName("eve"), Role.EDITOR, EVE_PASSWORD.toCharArray());
        browser = Chromium.start(profile);
        page = new ConsoleBrowser(browser, app);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            Chromium.quitCheckingCsp(browser);
        }
        if (app != null) {
            app.close();
        }
    }

    private String url(String path) {
        return page.url(path);
    }

    private void signIn(String name, String password) {
        page.signIn("admin/incidents", name, password);
    }

    private void submit(String id) {
        page.submit(id);
    }

    private void click(By what) {
        page.click(what);
    }

    private Object js(String script) {
        return page.js(script);
    }

    @Test
    void anIncidentPostedInTheConsoleShowsEachStepOnAnOpenPublicPageWithoutReload() {
        signIn("eve", EVE_PASSWORD);
        String console = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        String publicPage = browser.getWindowHandle();
        browser.get(url(""));
        js("window.loadedOnce = 'yes';"); // a reload would forget it
        assertTrue(browser.findElements(By.id("incident-db-outage")).isEmpty());

        browser.switchTo().window(console);
        browser.findElement(By.id("id")).sendKeys("db-outage");
        browser.findElement(By.id("title")).sendKeys("Web answers slowly");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("impact"))).selectByValue("degraded");
        click(By.cssSelector("input[name=services][value=web]"));
        browser.findElement(By.id("message")).sendKeys("We are looking into slow answers.");
        submit("open-submit");
        assertEquals("/admin/incidents/db-outage", java.net.URI.create(browser.getCurrentUrl()).getPath());
        assertEquals("investigating", browser.findElement(By.id("incident-state")).getText());

        browser.switchTo().window(publicPage);
        waitOnPublicPage("the incident opened", "return (function (e) { return e !== null"
                + " && e.textContent.indexOf('Web answers slowly') >= 0"
                + " && e.textContent.indexOf('We are looking into slow answers.') >= 0; })"
                + "(document.getElementById('incident-db-outage'));");

        for (String[] step : new String[][]{{"identified", "A full disk on the primary."},
                {"monitoring", "Space freed; watching."}}) {
            browser.switchTo().window(console);
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("update-state"))).selectByValue(step[0]);
            browser.findElement(By.id("update-message")).sendKeys(step[1]);
            submit("update-submit");
            assertEquals(step[0], browser.findElement(By.id("incident-state")).getText());
            browser.switchTo().window(publicPage);
            waitOnPublicPage("the update " + step[0], "return (function (e) { return e !== null"
                    + " && e.textContent.indexOf('" + step[1] + "') >= 0; })(document.getElementById('incident-db-outage'));");
        }

        browser.switchTo().window(console);
        browser.findElement(By.id("edit-title")).clear();
        browser.findElement(By.id("edit-title")).sendKeys("Web and database answer slowly");
        click(By.cssSelector("input[name=services][value=db]"));
        submit("edit-submit");
        assertEquals("Web and database answer slowly", browser.findElement(By.id("incident-title")).getText());
        browser.switchTo().window(publicPage);
        waitOnPublicPage("the edited title", "return (function (e) { return e !== null"
                + " && e.textContent.indexOf('Web and database answer slowly') >= 0; })"
                + "(document.getElementById('incident-db-outage'));");

        browser.switchTo().window(console);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("update-state"))).selectByValue("resolved");
        browser.findElement(By.id("update-message")).sendKeys("Fixed.");
        submit("update-submit");
        assertEquals("resolved", browser.findElement(By.id("incident-state")).getText());
        assertTrue(browser.findElements(By.id("post-update")).isEmpty(), "a resolved timeline is closed");
        browser.switchTo().window(publicPage);
        waitOnPublicPage("the incident resolved (gone from the open ones)",
                "return document.getElementById('incident-db-outage') === null;");
        assertEquals("yes", js("return window.loadedOnce;"), "the public page was never reloaded");

        assertTrue(app.incidents().find(IncidentId.of("db-outage")).orElseThrow().resolvedAt().isPresent());
        List<String> actions = app.auditTrail().newest(20).stream().filter(e -> e.actor().equals("user:eve"))
                .map(e -> e.action() + " " + e.outcome()).toList();
        assertTrue(actions.contains("POST /admin/incidents 303"), actions.toString());
        assertTrue(actions.contains("POST /admin/incidents/db-outage/updates 303"), actions.toString());
        assertTrue(actions.contains("POST /admin/incidents/db-outage 303"), actions.toString());
    }

    private void waitOnPublicPage(String what, String condition) {
        new WebDriverWait(browser, LIVE, Duration.ofMillis(100)).withMessage(what + " on the open public page")
                .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(condition)));
    }

    @Test
    void errorsShowNextToTheirFieldsWithTheInputKept() {
        signIn("eve", EVE_PASSWORD);
        browser.findElement(By.id("id")).sendKeys("bad id!");
        browser.findElement(By.id("message")).sendKeys("Something.");
        submit("open-submit");
        assertTrue(browser.findElement(By.id("id-error")).getText().length() > 0, browser.getPageSource());
        assertTrue(browser.findElement(By.id("title-error")).getText().contains("required"),
                browser.findElement(By.id("title-error")).getText());
        assertEquals("true", browser.findElement(By.id("title")).getAttribute("aria-invalid"));
        assertEquals("bad id!", browser.findElement(By.id("id")).getAttribute("value"), "the input is kept");
        assertEquals("Something.", browser.findElement(By.id("message")).getAttribute("value"));
        assertTrue(app.incidents().active().isEmpty(), "nothing was written");
    }

    @Test
    void aViewerIsRefusedAndAPostWithoutCsrfProofIsRefused() {
        app.accounts().add(new UserName("val"), Role.VIEWER, ConsoleBrowserTest.VIC_PASSWORD.toCharArray());
        signIn("val", ConsoleBrowserTest.VIC_PASSWORD);
        assertTrue(browser.findElements(By.id("open-incident")).isEmpty(), "no form for a viewer");
        js("var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/incidents';"
                + " var t = document.createElement('input'); t.name = '_csrf';"
                + " t.value = document.querySelector('[name=_csrf]').value; f.appendChild(t);"
                + " var i = document.createElement('input'); i.name = 'id'; i.value = 'x'; f.appendChild(i);"
                + " document.body.appendChild(f); f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role editor; you are viewer"));

        browser.manage().deleteAllCookies();
        signIn("eve", EVE_PASSWORD);
        assertEquals("eve · editor", browser.findElement(By.id("signed-in-as")).getText());
        js("var f = document.getElementById('open-incident'); f.querySelector('[name=_csrf]').remove();"
                + " document.getElementById('id').value = 'forged'; document.getElementById('title').value = 'Forged';"
                + " document.getElementById('message').value = 'x'; f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("CSRF proof is missing or wrong"));
        assertTrue(app.incidents().find(IncidentId.of("forged")).isEmpty());
        assertTrue(app.incidents().find(IncidentId.of("x")).isEmpty());
        assertTrue(app.auditTrail().newest(20).stream().map(AuditEntry::outcome)
                .anyMatch(o -> o.equals("refused: needs role editor")));
    }

    @Test
    void axeFindsNoViolationsOnTheIncidentPages() throws Exception {
        signIn("eve", EVE_PASSWORD);
        List<String> found = new ArrayList<>(ConsoleAxe.run(browser, "incidents (empty)"));
        submit("open-submit");
        found.addAll(ConsoleAxe.run(browser, "incidents with errors"));
        browser.findElement(By.id("id")).clear();
        browser.findElement(By.id("id")).sendKeys("axe");
        browser.findElement(By.id("title")).sendKeys("Checked by axe");
        browser.findElement(By.id("message")).sendKeys("Looking.");
        submit("open-submit");
        found.addAll(ConsoleAxe.run(browser, "one incident"));
        submit("update-submit");
        found.addAll(ConsoleAxe.run(browser, "one incident with an update error"));
        browser.get(url("admin/incidents"));
        found.addAll(ConsoleAxe.run(browser, "incidents (one)"));
        assertEquals(List.of(), found, "axe-core violations");
        assertFalse(browser.findElement(By.id("incidents")).getText().isEmpty());
    }
}
