package dev.upwatch.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Objects;

/** A console page in Chromium: sign in, submit a form by its button and wait for the next page, click, run script. */
final class ConsoleBrowser {
    private final ChromeDriver browser;
    private final UpwatchApplication app;

    ConsoleBrowser(ChromeDriver browser, UpwatchApplication app) {
        this.browser = Objects.requireNonNull(browser, "browser");
        this.app = Objects.requireNonNull(app, "app");
    }

    String url(String path) {
        return app.baseUri().resolve(path).toString();
    }

    /** Opens {@code path}, which asks to sign in, and signs in there. */
    void signIn(String path, String name, String password) {
        browser.get(url(path));
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement button = browser.findElement(By.id("sign-in"));
        button.click();
        gone(button, Duration.ofSeconds(20));
    }

    /** Clicks the button {@code id} and waits until its page is replaced. */
    void submit(String id) {
        submit(browser.findElement(By.id(id)));
    }

    /** Clicks {@code button} and waits until its page is replaced. */
    void submit(WebElement button) {
        js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button);
        button.click();
        gone(button, Duration.ofSeconds(20));
    }

    void click(By what) {
        WebElement element = browser.findElement(what);
        js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element);
        element.click();
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void gone(WebElement element, Duration deadline) {
        // chromedriver may answer "node does not belong to the document" while the old page goes: ask again
        new WebDriverWait(browser, deadline).ignoring(WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(element));
    }
}
