package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a real headless Chromium: the {@code Host} header chooses the page (the browser resolves the page's host name to
 * loopback), and the browser's languages, or a language link, choose the language; times show in the browser's time
 * zone with the UTC time on hover.
 */
class PageChoiceBrowserTest {
    private static final String SHOP_HOST = "status.shop.test";
    private FlippableTarget target;
    private WebhookReceiver receiver;
    private UpwatchApplication app;
    private ChromeDriver browser;

    @TempDir
    Path data;
    @TempDir
    Path profile;

    @BeforeEach
    void start() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s", ", monitors: [closed]", """
                pages:
                  - { slug: shop, title: "Shop Status", host: %s, monitors: [target], accent: "#0a7" }
                """.formatted(SHOP_HOST)), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        // The browser resolves the page's host name to loopback, and asks for German first.
        browser = Chromium.start(profile, "--host-resolver-rules=MAP " + SHOP_HOST + " 127.0.0.1",
                "--accept-lang=de-DE,de,en");
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            Chromium.quitCheckingCsp(browser);
        }
        app.close();
        target.close();
        receiver.close();
    }

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    @SuppressWarnings("unchecked")
    private List<String> serviceNames() {
        return (List<String>) js("return Array.prototype.map.call(document.querySelectorAll('.service-name'),"
                + " function (e) { return e.innerText; });");
    }

    @Test
    void theHostNameChoosesThePageAndItStaysLive() throws Exception {
        UpwatchServerTest.await("target up", Duration.ofSeconds(15), () -> app.engine().statusQuery().snapshot()
                .services().get(0).status().wireName().equals("up"));
        browser.get(app.baseUri().toString());
        assertEquals("Test <Status> & Co", browser.getTitle());
        assertEquals(List.of("Closed port"), serviceNames(), "the default page shows its own monitors");

        browser.get("http://" + SHOP_HOST + ":" + app.baseUri().getPort() + "/");
        assertEquals("Shop Status", browser.getTitle());
        assertEquals(List.of("Target API"), serviceNames());
        assertEquals("rgb(0, 170, 119)", js("return getComputedStyle(document.querySelector('.page')).borderTopColor;"),
                "the page's accent colour");
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50))
                .until(d -> "connected".equals(d.findElement(By.tagName("body")).getDomAttribute("data-live")));
        js("window.__loadedOnce = true;");
        target.answer(503);
        new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(100)).until(d -> "down".equals(js(
                "return document.querySelector(\"[data-service-id='target']\").getAttribute('data-status');")));
        assertEquals(Boolean.TRUE, js("return window.__loadedOnce === true;"), "the change arrived live, on the page's host");
        assertEquals("de", js("return document.documentElement.lang;"));
        assertEquals("Ausgefallen", js("return document.querySelector(\"[data-service-id='target'] .status-label\").textContent;"),
                "the live fragment is in the tab's language (the browser asks for German)");

        // The same page in another language converges too: its tab is sent that language's render of the change.
        browser.findElement(By.cssSelector("footer a[hreflang='ja']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50)).until(d -> "ja".equals(js(
                "return document.documentElement.lang;")) && "connected".equals(js(
                "return document.body.getAttribute('data-live');")));
        js("window.__loadedOnce = true;");
        target.answer(200);
        new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(100)).until(d -> "up".equals(js(
                "return document.querySelector(\"[data-service-id='target']\").getAttribute('data-status');")));
        assertEquals(Boolean.TRUE, js("return window.__loadedOnce === true;"), "the recovery arrived live");
        assertEquals(dev.upwatch.web.i18n.Messages.of(java.util.Locale.JAPANESE).text("status.up"), js(
                "return document.querySelector(\"[data-service-id='target'] .status-label\").textContent;"));
        assertEquals("Shop Status", browser.getTitle(), "still the page of the host name");
        browser.findElement(By.cssSelector("[data-service-id='target'] .service-name")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/services/target"));
        assertEquals("http://" + SHOP_HOST + ":" + app.baseUri().getPort() + "/services/target", browser.getCurrentUrl());
        assertTrue(browser.getTitle().startsWith("Target API · Shop Status"), browser.getTitle());
    }

    @Test
    void theBrowsersLanguageAndALanguageLinkChooseTheLanguageAndTimesShowInTheLocalZone() throws Exception {
        browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
        UpwatchServerTest.await("a check of the target", Duration.ofSeconds(15), () -> app.engine().statusQuery()
                .snapshot().services().get(0).lastSample().isPresent());
        browser.get(app.baseUri().toString());
        assertEquals("de", js("return document.documentElement.lang;"));
        String updated = (String) js("return document.getElementById('updated').innerText;");
        assertTrue(updated.startsWith("Letzte Prüfung"), updated);
        String utc = (String) js("return document.getElementById('updated-at').getAttribute('title');");
        String local = (String) js("return document.getElementById('updated-at').textContent;");
        assertTrue(utc.endsWith(" UTC"), "the server's UTC time is the title, shown on hover: " + utc);
        assertTrue(local.contains("GMT+9") || local.contains("JST"), "the text is Tokyo time: " + local);
        assertFalse(local.equals(utc));

        js("document.querySelector(\"[data-service-id='closed'] .bar > i[tabindex='0']\").focus();");
        new Actions(browser).sendKeys(Keys.ARROW_LEFT).perform();
        String yesterday = browser.findElement(By.id("bar-tooltip")).getText();
        assertTrue(yesterday.matches("\\d{1,2}\\. [A-Z][a-zä]{2,3}\\.? \\d{4}: keine Daten"),
                "a day in German, written by the browser: " + yesterday);

        browser.findElement(By.cssSelector("footer a[hreflang='ja']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "ja".equals(js("return document.documentElement.lang;")));
        assertEquals("true", browser.findElement(By.cssSelector("footer .language-current")).getDomAttribute("aria-current"));
        browser.findElement(By.cssSelector("footer a[href='./history']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/history"));
        assertEquals("ja", js("return document.documentElement.lang;"), "the choice is remembered on the next page");
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("インシデント履歴"));
    }
}
