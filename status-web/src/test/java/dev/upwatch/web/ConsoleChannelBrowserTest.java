package dev.upwatch.web;

import com.sun.net.httpserver.HttpServer;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's notification channels in a real headless Chromium: a webhook channel created through the form, its
 * secret masked, "Send test" reaching a real local receiver and the receiver's answer shown; edited with the mask kept;
 * errors next to their fields; deleted after confirmation; an editor refused; a post without its CSRF proof refused;
 * axe-core on the channel pages.
 */
class ConsoleChannelBrowserTest {
    private static final String SECRET = "whsec_dGhpcyBpcyBhIHRlc3Qgc2VjcmV0IGtleQ==";
    private static final String ANSWER = "{\"accepted\":true,\"by\":\"test receiver\"}";

    @TempDir
    Path data;
    @TempDir
    Path profile;
    private UpwatchApplication app;
    private ChromeDriver browser;
    private ConsoleBrowser page;
    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** The HTTP status the receiver answers. */
    private final java.util.concurrent.atomic.AtomicInteger answering = new java.util.concurrent.atomic.AtomicInteger(202);

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answering.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        app = ConsoleBrowserTest.serve(data);
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
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private String hook() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private String url(String path) {
        return app.baseUri().resolve(path).toString();
    }

    private void signIn(String name, String password) {
        page.signIn("admin/channels", name, password);
    }

    private void click(By what) {
        page.click(what);
    }

    private void submit(String id) {
        page.submit(id);
    }

    private void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private void create(String id) {
        type("id", id);
        new Select(browser.findElement(By.id("type"))).selectByValue("webhook");
        type("url", hook());
        type("secret", SECRET);
        submit("create-submit");
    }

    @Test
    void sendTestReachesALocalReceiverAndShowsItsAnswer() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        create("ops-hook");
        assertEquals("/admin/channels/ops-hook", java.net.URI.create(browser.getCurrentUrl()).getPath());
        String settings = browser.findElement(By.id("channel-settings")).getText();
        assertFalse(settings.contains(SECRET), "the secret is masked: " + settings);
        assertFalse(settings.contains("/hook"), "the URL's path is masked: " + settings);
        assertTrue(settings.contains("127.0.0.1:" + receiver.getAddress().getPort()), settings);

        submit("test-submit");
        assertEquals("202", browser.findElement(By.id("test-status")).getText());
        assertEquals(ANSWER, browser.findElement(By.id("test-answer")).getText());
        assertTrue(browser.findElement(By.id("test-time")).getText().matches("\\d+ ms, sent .+ UTC"),
                browser.findElement(By.id("test-time")).getText());
        assertEquals(1, received.size(), "the receiver got the test event");
        assertTrue(received.get(0).contains("test"), received.get(0));

        // Edit with the masked secret and URL left as shown: both keep their stored values, and the test still works.
        type("edit-events", "down, up");
        submit("edit-submit");
        assertTrue(browser.findElement(By.id("channel-settings")).getText().contains("down, up"));
        submit("test-submit");
        assertEquals("202", browser.findElement(By.id("test-status")).getText());
        assertEquals(2, received.size());

        assertTrue(app.auditTrail().newest(20).stream().anyMatch(e -> e.actor().equals("user:ada")
                && e.action().equals("POST /admin/channels/ops-hook/test") && e.outcome().equals("200")));

        submit("delete-submit");
        assertTrue(browser.findElement(By.cssSelector("#edit-channel .alert-danger, .alert-danger")).getText()
                .contains("Yes, delete this channel"), "deleting needs the confirmation");
        click(By.id("confirm-delete"));
        submit("delete-submit");
        assertEquals("/admin/channels", java.net.URI.create(browser.getCurrentUrl()).getPath());
        assertTrue(browser.findElements(By.cssSelector("[data-channel-id=ops-hook]")).isEmpty());
    }

    @Test
    void aGivenUpMessageIsReplayedFromTheDeliveryLog() {
        answering.set(400); // rejected: given up at once, not retried
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        create("incident-hook");
        type("edit-events", "incident");
        submit("edit-submit");
        browser.get(url("admin/incidents"));
        type("id", "replayed");
        type("title", "Something to tell");
        type("message", "Looking.");
        submit("open-submit");
        browser.get(url("admin/channels/incident-hook"));
        awaitRow("[data-outcome=dead]", "the rejected message in the log as dead");
        String message = browser.findElement(By.cssSelector("[data-outcome=dead]")).getAttribute("data-message-id");

        answering.set(202);
        submit(browser.findElement(By.cssSelector("[data-message-id='" + message + "'] button.replay")));
        assertTrue(browser.findElement(By.id("notice")).getText().contains("queued again"));
        awaitRow("[data-message-id='" + message + "'][data-outcome=delivered]", "the replayed message delivered");
        assertTrue(received.size() >= 2, "sent twice: rejected, then replayed");
        assertEquals(received.get(0), received.getLast(), "the same message, as it was rendered");
        assertTrue(browser.findElements(By.cssSelector("button.replay")).isEmpty(), "nothing left to replay");
    }

    /** Reloads the channel page until a delivery row matches {@code selector}, for at most 20 s. */
    private void awaitRow(String selector, String what) {
        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(200)).withMessage(what).until(d -> {
            if (!d.findElements(By.cssSelector(selector)).isEmpty()) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
    }

    private void submit(WebElement button) {
        page.submit(button);
    }

    @Test
    void errorsShowNextToTheirFields() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        type("id", "bad-hook");
        type("url", "not a url");
        type("events", "down, sideways");
        submit("create-submit");
        assertTrue(browser.findElement(By.id("url-error")).getText().length() > 0, browser.getPageSource());
        assertTrue(browser.findElement(By.id("events-error")).getText().contains("sideways"),
                browser.findElement(By.id("events-error")).getText());
        assertEquals("true", browser.findElement(By.id("url")).getAttribute("aria-invalid"));
        assertEquals("down, sideways", browser.findElement(By.id("events")).getAttribute("value"));
        assertTrue(browser.findElements(By.cssSelector("[data-channel-id=bad-hook]")).isEmpty());
    }

    @Test
    void anEditorIsRefusedAndAPostWithoutCsrfProofIsRefused() {
        signIn("eve", ConsoleIncidentBrowserTest.EVE_PASSWORD);
        assertTrue(browser.findElements(By.id("create-channel")).isEmpty(), "no form for an editor");
        ((JavascriptExecutor) browser).executeScript("var f = document.createElement('form'); f.method = 'post';"
                + " f.action = '/admin/channels'; var t = document.createElement('input'); t.name = '_csrf';"
                + " t.value = document.querySelector('[name=_csrf]').value; f.appendChild(t);"
                + " document.body.appendChild(f); f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("needs the role admin; you are editor"));

        browser.manage().deleteAllCookies();
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        ((JavascriptExecutor) browser).executeScript("var f = document.getElementById('create-channel');"
                + " f.querySelector('[name=_csrf]').remove(); document.getElementById('id').value = 'forged';"
                + " document.getElementById('url').value = '" + hook() + "'; f.submit();");
        assertTrue(browser.findElement(By.id("refusal")).getText().contains("CSRF proof is missing or wrong"));
        assertTrue(app.auditTrail().newest(20).stream().anyMatch(e -> e.action().equals("POST /admin/channels")
                && e.outcome().contains("CSRF")));
        browser.get(url("admin/channels"));
        assertTrue(browser.findElements(By.cssSelector("[data-channel-id=forged]")).isEmpty());
    }

    @Test
    void axeFindsNoViolationsOnTheChannelPages() {
        signIn("ada", ConsoleBrowserTest.ADA_PASSWORD);
        List<String> found = new ArrayList<>(ConsoleAxe.run(browser, "channels (none)"));
        type("url", "not a url");
        submit("create-submit");
        found.addAll(ConsoleAxe.run(browser, "channels with errors"));
        create("axe-hook");
        found.addAll(ConsoleAxe.run(browser, "one channel"));
        submit("test-submit");
        found.addAll(ConsoleAxe.run(browser, "one channel with a test's answer"));
        browser.get(url("admin/channels"));
        found.addAll(ConsoleAxe.run(browser, "channels (one)"));
        assertEquals(List.of(), found, "axe-core violations");
    }
}
