package dev.upwatch.web;

import dev.upwatch.core.account.AuditEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's monitor editor in headless Chromium: a monitor created through the form appears on the dashboard and
 * gets checked (a loopback TCP target on port 0); a bad field shows its problem next to it with the input kept;
 * "Check now" shows the outcome, the timing phases and each condition; pause, resume, clone and delete (after its
 * confirmation page); a file monitor is read-only; a viewer sees no edit control and a forged change is refused; a
 * form without its CSRF proof is refused; groups are renamed, ordered and collapsed; axe-core finds nothing.
 */
class ConsoleMonitorBrowserTest {
    @TempDir
    Path data;
    @TempDir
    Path profile;
    private UpwatchApplication app;
    private ChromeDriver browser;
    private ServerSocket target;

    @BeforeEach
    void start() throws Exception {
        target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!target.isClosed()) {
                try {
                    target.accept().close(); // accepted: the TCP check connected
                } catch (IOException e) {
                    return;
                }
            }
        });
        app = ConsoleBrowserTest.serve(data);
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (browser != null) {
                Chromium.quitCheckingCsp(browser);
            }
        } finally {
            if (app != null) {
                app.close();
            }
            target.close();
        }
    }

    private String url(String path) {
        return app.baseUri().resolve(path).toString();
    }

    private void signIn(String name, String password) {
        browser.get(url("admin/login"));
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        // The password check takes a while (Argon2id): wait until the console page has replaced the form.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> !path().equals("/admin/login"));
    }

    private void type(String field, String text) {
        WebElement input = browser.findElement(By.id("f-" + field));
        input.clear();
        input.sendKeys(text);
    }

    private void fillTcpMonitor(String id) {
        type("id", id);
        type("name", "Loopback " + id);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-type"))).selectByVisibleText("tcp");
        type("group", "Front");
        type("interval", "2s");
        type("timeout", "1s");
        type("conditions", "[CONNECTED] == true");
        type("settings", "host: 127.0.0.1\nport: " + target.getLocalPort());
    }

    /** Clicks the element {@code id}. */
    private void click(String id) {
        WebElement element = browser.findElement(By.id(id));
        // A script click submits with the button's name and value like a user's; a native click at the window's
        // bottom edge is refused by ChromeDriver as "intercepted" in this headless window.
        ((JavascriptExecutor) browser).executeScript("arguments[0].click();", element);
    }

    private String path() {
        return java.net.URI.create(browser.getCurrentUrl()).getPath();
    }

    @Test
    void aMonitorCreatedThroughTheFormAppearsOnTheDashboardAndGetsChecked() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        click("new-monitor");
        fillTcpMonitor("loop");
        click("save");
        assertEquals("/admin/monitors/loop", path());
        assertEquals("Saved.", browser.findElement(By.id("notice")).getText());

        browser.get(url("admin"));
        assertNotNull(browser.findElement(By.cssSelector("[data-monitor-id=loop]")), "on the dashboard");
        // The first check runs at once; the dashboard shows its verdict once it is recorded.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            driver.navigate().refresh();
            return "up".equals(driver.findElement(By.cssSelector("[data-monitor-id=loop]")).getAttribute("data-status"));
        });
        assertTrue(app.auditTrail().newest(20).stream().anyMatch(e -> e.actor().equals("user:ada")
                && e.action().equals("POST /admin/monitors/new") && e.outcome().equals("303")), "audited");
    }

    @Test
    void aBadFieldShowsItsProblemNextToItAndKeepsTheInput() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/monitors/new"));
        fillTcpMonitor("loop");
        type("interval", "every now and then");
        type("settings", "host: 127.0.0.1");
        click("save");

        WebElement interval = browser.findElement(By.id("f-interval"));
        assertTrue(interval.getAttribute("class").contains("is-invalid"));
        assertTrue(interval.getAttribute("aria-describedby").contains("e-interval"));
        assertFalse(browser.findElement(By.id("e-interval")).getText().isBlank());
        assertEquals("every now and then", interval.getAttribute("value"), "the input is kept");
        assertEquals("Loopback loop", browser.findElement(By.id("f-name")).getAttribute("value"));
        WebElement settings = browser.findElement(By.id("f-settings"));
        assertTrue(settings.getAttribute("class").contains("is-invalid"));
        assertTrue(browser.findElement(By.id("e-settings")).getText().contains("port"),
                browser.findElement(By.id("e-settings")).getText());
        assertTrue(app.engine().monitors().stream().noneMatch(m -> m.id().value().equals("loop")), "nothing saved");
    }

    @Test
    void checkNowShowsTheOutcomeThePhasesAndEachConditionBeforeSaving() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/monitors/new"));
        fillTcpMonitor("loop");
        click("check-now");

        assertEquals("SUCCESS", browser.findElement(By.id("check-outcome")).getText());
        String phases = browser.findElement(By.id("check-phases")).getText();
        assertTrue(phases.contains("connect"), phases);
        assertTrue(browser.findElement(By.id("check-conditions")).getText().contains("[CONNECTED] (true) == true"),
                browser.findElement(By.id("check-conditions")).getText());
        assertEquals("loop", browser.findElement(By.id("f-id")).getAttribute("value"), "the form keeps the input");
        assertTrue(app.engine().monitors().stream().noneMatch(m -> m.id().value().equals("loop")), "nothing saved");
    }

    @Test
    void pauseResumeCloneAndDeleteAfterConfirming() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/monitors/new"));
        fillTcpMonitor("loop");
        click("save");

        click("pause");
        assertEquals("paused", browser.findElement(By.id("paused")).getText());
        assertTrue(app.engine().monitors().stream().anyMatch(m -> m.id().value().equals("loop") && m.paused()));
        click("resume");
        assertTrue(browser.findElements(By.id("paused")).isEmpty());

        click("clone");
        assertEquals("loop-copy", browser.findElement(By.id("f-id")).getAttribute("value"));
        assertEquals("Loopback loop", browser.findElement(By.id("f-name")).getAttribute("value"));
        click("save");
        assertEquals("/admin/monitors/loop-copy", path());

        click("delete");
        assertTrue(browser.findElement(By.id("delete-question")).getText().contains("loop-copy"));
        assertTrue(app.engine().monitors().stream().anyMatch(m -> m.id().value().equals("loop-copy")),
                "the confirmation page deletes nothing");
        click("confirm-delete");
        assertEquals("/admin", path());
        assertTrue(browser.findElements(By.cssSelector("[data-monitor-id=loop-copy]")).isEmpty());
    }

    @Test
    void aFileMonitorIsReadOnlyAndSaysWhereItIsDefined() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/monitors/web"));
        assertTrue(browser.findElement(By.id("read-only")).getText().contains("defined in console.yml, line"),
                browser.findElement(By.id("read-only")).getText());
        assertTrue(browser.findElements(By.id("save")).isEmpty());
        assertTrue(browser.findElements(By.id("delete")).isEmpty());
        assertTrue(browser.findElement(By.id("f-settings")).getAttribute("value").matches("(?s).*port: '?9'?\\b.*"),
                browser.findElement(By.id("f-settings")).getAttribute("value"));
        click("clone");
        assertEquals("web-copy", browser.findElement(By.id("f-id")).getAttribute("value"), "a file monitor clones");
    }

    @Test
    void aViewerSeesNoEditControlsAndAForgedChangeIsRefused() {
        signIn("vic", ConsoleBrowserTest.VIC_PASSWORD);
        assertTrue(browser.findElements(By.id("new-monitor")).isEmpty());
        browser.get(url("admin/monitors/web"));
        assertTrue(browser.findElements(By.id("save")).isEmpty());
        assertTrue(browser.findElements(By.id("check-now")).isEmpty());
        assertTrue(browser.findElements(By.id("clone")).isEmpty());
        browser.get(url("admin/groups"));
        assertTrue(browser.findElements(By.cssSelector("#groups button")).isEmpty());
        ((JavascriptExecutor) browser).executeScript(
                "var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/monitors/new';"
                        + " var t = document.querySelector('[name=_csrf]').cloneNode(); f.appendChild(t);"
                        + " var i = document.createElement('input'); i.name = 'id'; i.value = 'forged'; f.appendChild(i);"
                        + " document.body.appendChild(f); f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role editor; you are viewer"));
        assertTrue(app.auditTrail().newest(10).stream().anyMatch(e -> e.actor().equals("user:vic")
                && e.action().equals("POST /admin/monitors/new") && e.outcome().equals("refused: needs role editor")));
    }

    @Test
    void aMonitorFormWithoutItsCsrfProofIsRefused() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/monitors/new"));
        fillTcpMonitor("loop");
        ((JavascriptExecutor) browser).executeScript("document.querySelector('#monitor-form [name=_csrf]').remove();");
        click("save");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("CSRF proof is missing or wrong"));
        assertTrue(app.engine().monitors().stream().noneMatch(m -> m.id().value().equals("loop")));
        assertTrue(app.auditTrail().newest(10).stream().map(AuditEntry::outcome).anyMatch(o -> o.contains("CSRF")));
    }

    @Test
    void groupsAreRenamedOrderedAndCollapsed() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/groups"));
        List<String> before = groupOrder();
        assertEquals(List.of("Front", "Back"), before);
        WebElement back = browser.findElement(By.cssSelector("tr[data-group=Back]"));
        back.findElement(By.name("position")).sendKeys("0");
        ((JavascriptExecutor) browser).executeScript("arguments[0].click();", back.findElement(By.name("collapsed")));
        ((JavascriptExecutor) browser).executeScript("arguments[0].click();", back.findElement(By.cssSelector("button")));
        assertEquals(List.of("Back", "Front"), groupOrder(), "a stored position comes first");
        assertEquals("true", browser.findElement(By.cssSelector("tr[data-group=Back] [name=collapsed]"))
                .getAttribute("checked"));

        WebElement position = browser.findElement(By.cssSelector("tr[data-group=Back] [name=position]"));
        position.clear();
        position.sendKeys("soon");
        ((JavascriptExecutor) browser).executeScript("arguments[0].click();",
                browser.findElement(By.cssSelector("tr[data-group=Back] button")));
        WebElement refused = browser.findElement(By.cssSelector("tr[data-group=Back] [name=position]"));
        assertTrue(refused.getAttribute("class").contains("is-invalid"));
        assertEquals("soon", refused.getAttribute("value"));
        assertFalse(browser.findElement(By.id(refused.getAttribute("aria-describedby"))).getText().isBlank());
    }

    private List<String> groupOrder() {
        @SuppressWarnings("unchecked")
        List<String> order = (List<String>) ((JavascriptExecutor) browser).executeScript("return Array.prototype.map"
                + ".call(document.querySelectorAll('#groups tbody tr'), function (r) { return r.dataset.group; });");
        return order;
    }

    @Test
    void axeFindsNoViolationsOnTheEditorPages() throws Exception {
        String axe;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("axe.min.js")) {
            assertNotNull(in, "axe.min.js on the test classpath");
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> found = new ArrayList<>();
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        browser.get(url("admin/monitors/new"));
        found.addAll(axe(js, axe, "new monitor"));
        fillTcpMonitor("loop");
        type("interval", "soon");
        click("save");
        found.addAll(axe(js, axe, "with a field error"));
        type("interval", "2s");
        click("check-now");
        found.addAll(axe(js, axe, "check now"));
        click("save");
        found.addAll(axe(js, axe, "saved"));
        browser.get(url("admin/monitors/loop/delete"));
        found.addAll(axe(js, axe, "delete confirmation"));
        for (String page : List.of("admin/monitors/web", "admin/groups")) {
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
