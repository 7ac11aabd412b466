package dev.upwatch.web;

import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's maintenance windows in a real headless Chromium: a recurring window previewed (its next openings
 * listed before anything is saved), created and deleted after a confirmation; the file's window read-only with its
 * line; errors next to their fields; a viewer refused and shown no edit controls; a post without its CSRF proof
 * refused; audit entries; axe-core on each maintenance page.
 */
class ConsoleMaintenanceBrowserTest {
    /** A window of the file: the item is on line 10 of console.yml. */
    private static final String FILE_WINDOW = """
            maintenance:
              - { title: "Nightly backup", monitors: [db], cron: "45 23 * * *", duration: 30m }
            """;

    @TempDir
    Path data;
    @TempDir
    Path profile;
    private UpwatchApplication app;
    private ChromeDriver browser;
    private ConsoleBrowser page;

    @BeforeEach
    void start() throws Exception {
        app = ConsoleBrowserTest.serve(data, FILE_WINDOW);
        app.accounts().add(new UserName("eve"), Role.EDITOR, ConsoleIncidentBrowserTest.EVE_PASSWORD.toCharArray());
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

    private String path() {
        return java.net.URI.create(browser.getCurrentUrl()).getPath();
    }

    private void enterWeeklyWindow() {
        browser.findElement(By.id("id")).sendKeys("weekly-vacuum");
        browser.findElement(By.id("title")).sendKeys("Weekly vacuum");
        page.click(By.cssSelector("input[name=monitors][value=web]"));
        browser.findElement(By.id("rrule")).sendKeys("FREQ=WEEKLY;BYDAY=SU");
        browser.findElement(By.id("start")).sendKeys("2026-11-01T02:00");
        browser.findElement(By.id("duration")).clear();
        browser.findElement(By.id("duration")).sendKeys("2h");
        browser.findElement(By.id("timezone")).clear();
        browser.findElement(By.id("timezone")).sendKeys("Europe/Berlin");
    }

    @Test
    void aRecurringWindowIsPreviewedCreatedAndDeletedAfterConfirmation() {
        page.signIn("admin/maintenance", "eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        WebElement file = browser.findElement(By.cssSelector("tr[data-window-id=config-1]"));
        assertTrue(file.getText().contains("defined in console.yml, line 10"), file.getText());

        enterWeeklyWindow();
        page.submit("preview-submit");
        List<WebElement> starts = browser.findElements(By.cssSelector("#preview-openings li time:first-child"));
        assertEquals(5, starts.size(), browser.findElement(By.id("preview")).getText());
        Instant previous = Instant.EPOCH;
        for (WebElement time : starts) {
            // 02:00 in Berlin is 00:00 (summer) or 01:00 UTC: a Sunday either way
            Instant start = Instant.parse(time.getAttribute("datetime"));
            ZonedDateTime berlin = start.atZone(ZoneId.of("Europe/Berlin"));
            assertEquals(DayOfWeek.SUNDAY, berlin.getDayOfWeek(), start.toString());
            assertEquals(2, berlin.getHour(), start.toString());
            assertTrue(start.isAfter(previous), "in order, each once");
            previous = start;
        }
        assertTrue(browser.findElements(By.cssSelector("tr[data-window-id=weekly-vacuum]")).isEmpty(),
                "a preview saves nothing");
        assertEquals("FREQ=WEEKLY;BYDAY=SU", browser.findElement(By.id("rrule")).getAttribute("value"), "input kept");
        assertTrue(browser.findElement(By.cssSelector("input[name=monitors][value=web]")).isSelected());

        page.submit("create-submit");
        assertEquals("/admin/maintenance/weekly-vacuum", path());
        assertEquals("Weekly vacuum", browser.findElement(By.id("window-title")).getText());
        assertEquals(5, browser.findElements(By.cssSelector("#openings li")).size());
        browser.get(page.url("admin/maintenance"));
        WebElement row = browser.findElement(By.cssSelector("tr[data-window-id=weekly-vacuum]"));
        assertEquals("api", row.getAttribute("data-owner"));
        assertEquals(DayOfWeek.SUNDAY, Instant.parse(row.findElement(By.tagName("time")).getAttribute("datetime"))
                .atZone(ZoneId.of("Europe/Berlin")).getDayOfWeek());

        page.click(By.linkText("Weekly vacuum"));
        page.submit("delete-submit");
        assertTrue(browser.findElement(By.cssSelector("#edit-window .alert-danger")).getText()
                .contains("Yes, delete this window"));
        assertEquals("Weekly vacuum", browser.findElement(By.id("window-title")).getText(), "not deleted unconfirmed");
        page.click(By.id("confirm-delete"));
        page.submit("delete-submit");
        assertEquals("/admin/maintenance", path());
        assertTrue(browser.findElements(By.cssSelector("tr[data-window-id=weekly-vacuum]")).isEmpty());

        List<String> actions = app.auditTrail().newest(20).stream().filter(e -> e.actor().equals("user:eve"))
                .map(e -> e.action() + " " + e.outcome()).toList();
        assertTrue(actions.contains("POST /admin/maintenance 303"), actions.toString());
        assertTrue(actions.contains("POST /admin/maintenance/weekly-vacuum/delete 303"), actions.toString());
    }

    @Test
    void theFilesWindowIsReadOnlyWithItsLine() {
        page.signIn("admin/maintenance", "eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        page.click(By.linkText("Nightly backup"));
        assertEquals("/admin/maintenance/config-1", path());
        assertTrue(browser.findElement(By.id("read-only")).getText().contains("defined in console.yml, line 10"));
        assertTrue(browser.findElements(By.id("edit-window")).isEmpty());
        assertTrue(browser.findElements(By.id("delete-window")).isEmpty());
        assertEquals(5, browser.findElements(By.cssSelector("#openings li")).size());
    }

    @Test
    void errorsShowNextToTheirFieldsWithTheInputKept() {
        page.signIn("admin/maintenance", "eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        browser.findElement(By.id("id")).sendKeys("bad-cron");
        page.click(By.cssSelector("input[name=monitors][value=web]"));
        browser.findElement(By.id("cron")).sendKeys("61 * * * *");
        page.submit("preview-submit");
        assertTrue(browser.findElement(By.id("cron-error")).getText().length() > 0, browser.getPageSource());
        assertEquals("true", browser.findElement(By.id("cron")).getAttribute("aria-invalid"));
        assertTrue(browser.findElement(By.id("title-error")).getText().length() > 0);
        assertTrue(browser.findElements(By.id("preview")).isEmpty(), "no preview of a refused schedule");
        assertEquals("61 * * * *", browser.findElement(By.id("cron")).getAttribute("value"), "the input is kept");

        page.submit("create-submit");
        assertTrue(browser.findElement(By.id("cron-error")).getText().length() > 0);
        assertTrue(browser.findElements(By.cssSelector("tr[data-window-id=bad-cron]")).isEmpty(), "nothing written");
    }

    @Test
    void aViewerSeesNoEditControlsAndIsRefusedAndAPostWithoutCsrfProofIsRefused() {
        page.signIn("admin/maintenance", "eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        enterWeeklyWindow();
        page.submit("create-submit");
        browser.manage().deleteAllCookies();

        page.signIn("admin/maintenance", "vic", ConsoleBrowserTest.VIC_PASSWORD);
        assertTrue(browser.findElement(By.id("windows")).getText().contains("Weekly vacuum"), "a viewer reads");
        assertTrue(browser.findElements(By.id("create-window")).isEmpty(), "no form for a viewer");
        browser.get(page.url("admin/maintenance/weekly-vacuum"));
        assertTrue(browser.findElements(By.id("edit-window")).isEmpty());
        assertTrue(browser.findElements(By.id("delete-window")).isEmpty());
        page.js("var f = document.createElement('form'); f.method = 'post'; f.action = '/admin/maintenance/weekly-vacuum/delete';"
                + " var t = document.createElement('input'); t.name = '_csrf';"
                + " t.value = document.querySelector('[name=_csrf]').value; f.appendChild(t);"
                + " var i = document.createElement('input'); i.name = 'confirm'; i.value = 'yes'; f.appendChild(i);"
                + " document.body.appendChild(f); f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role editor; you are viewer"));

        browser.manage().deleteAllCookies();
        page.signIn("admin/maintenance", "eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        browser.get(page.url("admin/maintenance/weekly-vacuum"));
        page.js("var f = document.getElementById('delete-window'); f.querySelector('[name=_csrf]').remove();"
                + " document.getElementById('confirm-delete').checked = true; f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("CSRF proof is missing or wrong"));
        browser.get(page.url("admin/maintenance"));
        assertTrue(browser.findElement(By.id("windows")).getText().contains("Weekly vacuum"), "still there");
        assertTrue(app.auditTrail().newest(20).stream().map(AuditEntry::outcome)
                .anyMatch(o -> o.equals("refused: needs role editor")));
    }

    @Test
    void axeFindsNoViolationsOnTheMaintenancePages() throws Exception {
        page.signIn("admin/maintenance", "eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        List<String> found = new ArrayList<>(ConsoleAxe.run(browser, "maintenance (file window)"));
        page.submit("create-submit");
        found.addAll(ConsoleAxe.run(browser, "maintenance with errors"));
        browser.get(page.url("admin/maintenance"));
        enterWeeklyWindow();
        page.submit("preview-submit");
        found.addAll(ConsoleAxe.run(browser, "maintenance with a preview"));
        page.submit("create-submit");
        found.addAll(ConsoleAxe.run(browser, "one window"));
        page.submit("edit-preview");
        found.addAll(ConsoleAxe.run(browser, "one window with a preview"));
        page.submit("delete-submit");
        found.addAll(ConsoleAxe.run(browser, "one window with a delete refusal"));
        browser.get(page.url("admin/maintenance/config-1"));
        found.addAll(ConsoleAxe.run(browser, "the file's window"));
        assertEquals(List.of(), found, "axe-core violations");
    }
}
