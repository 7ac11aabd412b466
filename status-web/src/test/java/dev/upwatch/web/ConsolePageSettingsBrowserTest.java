package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's page settings in a real headless Chromium: an admin's title and footer shown by the public page, a bad
 * logo refused next to its field with the input kept, a viewer's form disabled; axe-core on each state of the page.
 */
class ConsolePageSettingsBrowserTest {
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

    @Test
    void anAdminChangesThePageAndAxeFindsNoViolations() throws Exception {
        page.signIn("admin/page", "ada", ConsoleBrowserTest.ADA_PASSWORD);
        List<String> found = new ArrayList<>(ConsoleAxe.run(browser, "page settings"));

        browser.findElement(By.id("logo")).sendKeys("ftp://example.com/logo.png");
        page.submit("page-save");
        assertTrue(browser.findElement(By.id("logo-error")).getText().contains("must be an http:// or https:// URL"),
                browser.getPageSource());
        assertEquals("true", browser.findElement(By.id("logo")).getAttribute("aria-invalid"));
        assertEquals("ftp://example.com/logo.png", browser.findElement(By.id("logo")).getAttribute("value"));
        found.addAll(ConsoleAxe.run(browser, "page settings with an error"));

        browser.findElement(By.id("logo")).clear();
        browser.findElement(By.id("title")).sendKeys("Acme status");
        browser.findElement(By.id("footer")).sendKeys("Operated by Acme");
        page.submit("page-save");
        assertEquals("Acme status", browser.findElement(By.id("title")).getAttribute("value"));
        browser.get(page.url(""));
        assertTrue(browser.getTitle().startsWith("Acme status"), browser.getTitle());
        assertTrue(browser.getPageSource().contains("Operated by Acme"));

        browser.manage().deleteAllCookies();
        page.signIn("admin/page", "vic", ConsoleBrowserTest.VIC_PASSWORD);
        assertFalse(browser.findElement(By.id("page-save")).isEnabled(), "a viewer's form is disabled");
        assertTrue(browser.findElement(By.id("read-only")).isDisplayed());
        found.addAll(ConsoleAxe.run(browser, "page settings, read-only"));
        assertEquals(List.of(), found, "axe-core violations");
    }
}
