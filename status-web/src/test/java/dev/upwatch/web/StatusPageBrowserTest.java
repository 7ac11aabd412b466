package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real page in a real headless Chromium (Debian's chromium + chromium-driver; no browser download). */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("UPWATCH_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("UPWATCH_CHROMEDRIVER", "/usr/bin/chromedriver"));

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
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "this test needs Chromium at " + CHROMIUM
                + " and ChromeDriver at " + DRIVER + ": apt-get install -y chromium chromium-driver (.ci/run does)");
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1200,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs); // to check below that no Content-Security-Policy is violated
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            try {
                List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
                assertTrue(violations.isEmpty(), "CSP violations in the console: " + violations);
            } finally {
                browser.quit();
            }
        }
        if (app != null) {
            app.close();
        }
        if (target != null) {
            target.close();
            receiver.close();
        }
    }

    /** Starts the application; {@code refresh} is how often the page polls the API. */
    private void serve(String refresh) throws Exception {
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, refresh), Clock.systemUTC(),
                UpwatchServerTest.fastEngine());
    }

    private WebElement row(String id) {
        return browser.findElement(By.cssSelector("[data-service-id='" + id + "']"));
    }

    @Test
    void showsEveryServiceAndAStatusChangeWithoutReloading() throws Exception {
        serve("1s");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        UpwatchServerTest.await("target up before the page opens", Duration.ofSeconds(15),
                () -> app.engine().statusQuery().snapshot().services().get(0).status().wireName().equals("up"));
        browser.get(app.baseUri().toString());

        List<String> names = browser.findElements(By.cssSelector(".service-name")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Target API", "Closed port"), names);
        assertEquals("Operational", row("target").findElement(By.cssSelector(".status-label")).getText());
        assertEquals(90, row("target").findElements(By.cssSelector(".uptime-bar rect")).size(), "90 day cells");

        ((JavascriptExecutor) browser).executeScript("window.__loadedOnce = true;");
        target.answer(503);
        wait.until(d -> "down".equals(row("target").getDomAttribute("data-status")));
        assertEquals("Down", row("target").findElement(By.cssSelector(".status-label")).getText());
        assertTrue(row("target").findElement(By.cssSelector(".reason")).getText().contains("[STATUS] (503) == 200"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__loadedOnce === true;"),
                "the change arrived without a reload");
        screenshot("status-page-down.png");

        target.answer(200);
        wait.until(d -> "up".equals(row("target").getDomAttribute("data-status")));
        assertTrue(row("target").findElement(By.cssSelector(".reason")).getText().isEmpty());
    }

    @Test
    void fitsAPhoneScreenWithoutHorizontalScrolling() throws Exception {
        serve("1s");
        browser.manage().window().setSize(new Dimension(360, 800));
        browser.get(app.baseUri().toString());
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0L, ((Number) overflow).longValue(), "no horizontal scroll at 360 px");
        screenshot("status-page-360px.png");
    }

    @Test
    void aStatusChangeArrivesThroughServerSentEventsWithinASecond() throws Exception {
        serve("60s"); // the page polls only once a minute: within the test only the event stream can deliver a change
        UpwatchServerTest.await("target up before the page opens", Duration.ofSeconds(15),
                () -> app.engine().statusQuery().snapshot().services().get(0).status().wireName().equals("up"));
        browser.get(app.baseUri().toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__loadedOnce = true;");
        double top = ((Number) js.executeScript("return document.querySelector('[data-service-id=closed]').getBoundingClientRect().top;")).doubleValue();
        // The stream opens after the page loads; its first event marks the page as live.
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50))
                .until(d -> "connected".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));

        target.answer(503);
        UpwatchServerTest.await("target down in the engine", Duration.ofSeconds(15),
                () -> app.engine().statusQuery().snapshot().services().get(0).status().wireName().equals("down"));
        long changed = System.nanoTime();
        new WebDriverWait(browser, Duration.ofSeconds(5), Duration.ofMillis(50))
                .until(d -> "down".equals(row("target").getDomAttribute("data-status")));
        Duration delay = Duration.ofNanos(System.nanoTime() - changed);
        assertTrue(delay.compareTo(Duration.ofSeconds(1)) < 0, "change shown after " + delay.toMillis() + " ms");
        assertEquals("Down", row("target").findElement(By.cssSelector(".status-label")).getText());
        assertEquals(Boolean.TRUE, js.executeScript("return window.__loadedOnce === true;"), "no reload");
        double after = ((Number) js.executeScript("return document.querySelector('[data-service-id=closed]').getBoundingClientRect().top;")).doubleValue();
        assertTrue(Math.abs(after - top) < 40, "rows below move little: " + top + " -> " + after);
    }

    @Test
    void theNinetyDayTooltipOpensByKeyboardAndGroupsCollapse() throws Exception {
        serve("30s");
        browser.get(app.baseUri().toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebElement today = row("target").findElement(By.cssSelector(".uptime-bar rect[tabindex='0']"));
        // Tab from the element just before the bar, as a keyboard user would.
        js.executeScript("document.querySelector('[data-service-id=target] .reason').setAttribute('tabindex', '-1');"
                + "document.querySelector('[data-service-id=target] .reason').hidden = false;"
                + "document.querySelector('[data-service-id=target] .reason').focus();");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertEquals(today, browser.switchTo().activeElement(), "the bar's newest day is the next tab stop");
        WebElement tooltip = browser.findElement(By.id("bar-tooltip"));
        assertTrue(tooltip.isDisplayed(), "the tooltip shows on focus");
        String todayText = tooltip.getText();
        assertTrue(todayText.startsWith(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()), todayText);
        assertEquals(todayText, today.findElement(By.tagName("title")).getDomProperty("textContent"),
                "screen readers get the same text as the cell's title");

        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT).perform();
        assertTrue(tooltip.getText().startsWith(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString()),
                "arrow left moves to yesterday: " + tooltip.getText());
        screenshot("status-page-tooltip.png");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        assertTrue(!tooltip.isDisplayed(), "Escape closes it");

        WebElement summary = browser.findElement(By.cssSelector("details.group > summary"));
        assertTrue(row("target").isDisplayed());
        summary.click();
        assertTrue(!row("target").isDisplayed(), "the group collapses");
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
