package dev.upwatch.web;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's headless Chromium through its ChromeDriver, as every browser test starts it (no browser download). */
final class Chromium {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("UPWATCH_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("UPWATCH_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Quits {@code browser}, failing when its console logged a Content Security Policy violation. */
    static void quitCheckingCsp(ChromeDriver browser) {
        try {
            List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
            assertTrue(violations.isEmpty(), "CSP violations in the console: " + violations);
        } finally {
            browser.quit();
        }
    }

    /**
     * A new browser with its own profile in {@code profile}, logging the console (to check for CSP violations), with
     * {@code more} command-line switches (e.g. {@code --host-resolver-rules=...}).
     */
    static ChromeDriver start(Path profile, String... more) {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER), "this test needs Chromium at " + CHROMIUM
                + " and ChromeDriver at " + DRIVER + ": apt-get install -y chromium chromium-driver (.ci/run does)");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Background tabs keep their timers and event streams running: a test reads several open pages at once.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--user-data-dir=" + profile, "--window-size=1200,900");
        options.addArguments(more);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
    }
}
