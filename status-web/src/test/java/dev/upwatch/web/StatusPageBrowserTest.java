package dev.upwatch.web;

import dev.upwatch.core.model.MonitorId;
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
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real page in a real headless Chromium (Debian's chromium + chromium-driver; no browser download). */
class StatusPageBrowserTest {
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
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            Chromium.quitCheckingCsp(browser);
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

    /** A day as the English page writes it, e.g. {@code Nov 24, 2026} (a UTC day). */
    static String day(LocalDate day) {
        return dev.upwatch.web.i18n.Messages.of(java.util.Locale.ENGLISH).date(day);
    }

    private WebElement row(String id) {
        return browser.findElement(By.cssSelector("[data-service-id='" + id + "']"));
    }

    /** The row's status, read in one step: the live page replaces a row whenever its service is checked. */
    private String rowStatus(String id) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector(\"[data-service-id='\" + arguments[0] + \"']\").getAttribute('data-status');", id);
    }

    /** A text inside the row, read in one step. */
    private String rowText(String id, String selector) {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.querySelector(\"[data-service-id='\""
                + " + arguments[0] + \"'] \" + arguments[1]).innerText;", id, selector);
    }

    @Test
    void showsEveryServiceAndAStatusChangeWithoutReloading() throws Exception {
        serve("1s");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        UpwatchServerTest.await("target up before the page opens", Duration.ofSeconds(15),
                () -> app.engine().statusQuery().snapshot().services().get(0).status().wireName().equals("up"));
        browser.get(app.baseUri().toString());

        assertEquals(List.of("Target API", "Closed port"), ((JavascriptExecutor) browser).executeScript(
                "return Array.prototype.map.call(document.querySelectorAll('.service-name'), function (e) { return e.innerText; });"));
        assertEquals("Operational", rowText("target", ".status-label"));
        assertEquals(90L, ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll(\"[data-service-id='target'] .bar > i\").length;"), "90 day cells");

        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__loadedOnce = true;");
        @SuppressWarnings("unchecked")
        List<String> todayCell = (List<String>) js.executeScript("var c = document.querySelector("
                + "\"[data-service-id='target'] .bar > i:last-child\"); return [c.className, c.getAttribute('aria-label')];");
        String todayBefore = todayCell.get(1);
        assertTrue(todayCell.get(0).isEmpty() || "n".equals(todayCell.get(0)), "no failed check yet today: " + todayCell);
        // Today's cell has the keyboard focus, so its tooltip stays open while the service goes down (the row is
        // replaced at each check; the focus stays on its day, wherever the row moves). Layout shifts count from here.
        js.executeScript("document.querySelector(\"[data-service-id='target'] .bar > i:last-child\").focus();");
        js.executeScript("window.__shift = 0; window.__moved = []; new PerformanceObserver(function (list) {"
                + " list.getEntries().forEach(function (e) { if (!e.hadRecentInput) { window.__shift += e.value;"
                + "  e.sources.forEach(function (x) { var row = x.node && x.node.closest ? x.node.closest('.service') : null;"
                + "   if (row && row !== x.node) { window.__moved.push(x.node.nodeName + '.' + x.node.className"
                + "   + ' ' + JSON.stringify(x.previousRect) + ' -> ' + JSON.stringify(x.currentRect)); } }); } });"
                + "}).observe({ type: 'layout-shift' });");
        target.answer(503);
        wait.until(d -> "down".equals(rowStatus("target")));
        assertEquals("Down", rowText("target", ".status-label"));
        assertTrue(rowText("target", ".reason").contains("[STATUS] (503) == 200"));

        // Today's cell follows within a rollup flush and a poll: red-ish, with down time and the incident.
        String failingDay = java.util.regex.Pattern.quote(day(LocalDate.now(ZoneOffset.UTC)))
                + ": \\d+\\.\\d{2}% uptime, [1-9]\\d* min down\\. Incident: Target API is down";
        // Today's cell is part of the row the server sends again: read it afresh each time.
        new WebDriverWait(browser, Duration.ofSeconds(40), Duration.ofMillis(100)).until(d -> {
            @SuppressWarnings("unchecked")
            List<String> cell = (List<String>) js.executeScript("var c = document.querySelector("
                    + "\"[data-service-id='target'] .bar > i:last-child\"); return [c.className, c.getAttribute('aria-label')];");
            return List.of("m", "j", "b").contains(cell.get(0)) && cell.get(1).matches(failingDay);
        });
        @SuppressWarnings("unchecked")
        List<Object> shown = (List<Object>) js.executeScript("var cell = document.querySelector("
                + "'[data-service-id=target] .bar > i:last-child'), tip = document.getElementById('bar-tooltip');"
                + "return [cell.getAttribute('aria-label'), tip.textContent, tip.hidden];");
        assertEquals(Boolean.FALSE, shown.get(2), "the tooltip is still open");
        assertEquals(shown.get(0), shown.get(1), "the open tooltip shows the cell's new text");
        assertTrue(!todayBefore.equals(shown.get(0)), "the cell's text changed: " + shown.get(0));
        assertEquals(90L, js.executeScript("return document.querySelectorAll(\"[data-service-id='target'] .bar > i\").length;"),
                "still 90 day cells");
        assertEquals(List.of(), js.executeScript("return window.__moved;"), "nothing moved inside a row (whole rows move"
                + " down when an incident appears above them)");
        assertEquals(Boolean.TRUE, js.executeScript("return window.__loadedOnce === true;"),
                "the change arrived without a reload");
        screenshot("status-page-down.png");

        browser.navigate().refresh();
        String reloaded = (String) js.executeScript(
                "return document.querySelector(\"[data-service-id='target'] .bar > i[tabindex='0']\").getAttribute('aria-label');");
        assertTrue(reloaded.matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4}: \\d+\\.\\d{2}% uptime, [1-9]\\d* min down\\. Incident: .+"),
                "today's cell names its down time and the incident: " + reloaded);

        target.answer(200);
        wait.until(d -> "up".equals(rowStatus("target")));
        assertTrue(rowText("target", ".reason").isEmpty());
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
        // Relative to each row: the rows themselves move down when the incident of the change appears above them.
        String positions = "var out = [];"
                + "document.querySelectorAll('.service').forEach(function (row) { var o = row.getBoundingClientRect();"
                + " out.push([o.width, o.height].join(' '));"
                + " row.querySelectorAll('.bar, .row-foot, .uptime').forEach(function (e) { var r = e.getBoundingClientRect();"
                + "  out.push([r.left - o.left, r.top - o.top, r.width, r.height].join(' ')); }); });"
                + "return out.join('|');";
        String before = (String) js.executeScript(positions);
        // Layout shifts as Chromium counts them for Core Web Vitals (CLS), from now on.
        js.executeScript("window.__shift = 0; new PerformanceObserver(function (list) {"
                + " list.getEntries().forEach(function (e) { if (!e.hadRecentInput) { window.__shift += e.value; } });"
                + "}).observe({ type: 'layout-shift' });");
        // The stream opens after the page loads; its first event marks the page as live.
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50))
                .until(d -> "connected".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));

        target.answer(503);
        UpwatchServerTest.await("target down in the engine", Duration.ofSeconds(15),
                () -> app.engine().statusQuery().snapshot().services().get(0).status().wireName().equals("down"));
        long changed = System.nanoTime();
        new WebDriverWait(browser, Duration.ofSeconds(5), Duration.ofMillis(50))
                .until(d -> "down".equals(rowStatus("target")));
        Duration delay = Duration.ofNanos(System.nanoTime() - changed);
        assertTrue(delay.compareTo(Duration.ofSeconds(1)) < 0, "change shown after " + delay.toMillis() + " ms");
        assertEquals("Down", rowText("target", ".status-label"));
        assertEquals(Boolean.TRUE, js.executeScript("return window.__loadedOnce === true;"), "no reload");
        assertTrue(rowText("target", ".reason").contains("[STATUS] (503) == 200"),
                "the reason shows");
        assertEquals(before, js.executeScript(positions), "no row, bar or uptime moved or resized when the reason appeared");
    }

    @Test
    void theNinetyDayTooltipOpensByKeyboardAndGroupsCollapse() throws Exception {
        serve("30s");
        // A page that stays as loaded: the live updates would replace the row (and the elements held here) each second.
        try (CuttableProxy proxy = new CuttableProxy(app.baseUri())) {
            browser.get(proxy.baseUri().toString());
            proxy.cut();
            keyboardAndGroups();
        }
    }

    private void keyboardAndGroups() throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebElement today = row("target").findElement(By.cssSelector(".bar > i[tabindex='0']"));
        // Tab from the service's link, just before the bar, as a keyboard user would.
        js.executeScript("document.querySelector('[data-service-id=target] .service-name').focus();");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertEquals(today, browser.switchTo().activeElement(), "the bar's newest day is the next tab stop");
        WebElement tooltip = browser.findElement(By.id("bar-tooltip"));
        assertTrue(tooltip.isDisplayed(), "the tooltip shows on focus");
        String todayText = tooltip.getText();
        java.time.LocalDate date = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        String dated = java.util.regex.Pattern.quote(day(date));
        assertTrue(todayText.matches(dated + ": (\\d+\\.\\d{2}%|100%) uptime, \\d+ min down.*|" + dated + ": no data"),
                todayText);
        assertEquals(todayText, today.getDomAttribute("aria-label"), "screen readers get the tooltip's text as the name");
        assertEquals("img", today.getDomAttribute("role"));

        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT).perform();
        WebElement yesterday = browser.switchTo().activeElement();
        assertEquals(day(date.minusDays(1)) + ": no data", tooltip.getText(), "arrow left moves to yesterday");
        assertEquals(tooltip.getText(), yesterday.getDomAttribute("aria-label"));
        assertEquals("0", yesterday.getDomAttribute("tabindex"), "the bar keeps one tab stop, on the focused day");
        assertEquals("-1", today.getDomAttribute("tabindex"));
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.HOME).perform();
        assertEquals(day(date.minusDays(89)) + ": no data", tooltip.getText(), "Home goes to the oldest day");
        screenshot("status-page-tooltip.png");
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        assertTrue(!tooltip.isDisplayed(), "Escape closes it");

        new org.openqa.selenium.interactions.Actions(browser).moveToElement(today).perform();
        assertTrue(tooltip.isDisplayed() && tooltip.getText().equals(todayText), "hovering shows the same text");

        WebElement summary = browser.findElement(By.cssSelector("details.group > summary"));
        assertTrue(row("target").isDisplayed());
        summary.click();
        assertTrue(!row("target").isDisplayed(), "the group collapses");
    }

    @Test
    void aServicesDetailsShowItsResponseTimeChartForEachWindow() throws Exception {
        serve("30s");
        UpwatchServerTest.await("a few checks of the target", Duration.ofSeconds(15),
                () -> app.engine().statusQuery().snapshot().services().get(0).status().wireName().equals("up"));
        browser.get(app.baseUri().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        // The row is replaced at each check; once open, its details stay open and are kept by each new row.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            row("target").findElement(By.cssSelector("details.rt > summary")).click();
            return true;
        });
        WebElement details = browser.findElement(By.cssSelector("[data-service-id='target'] details.rt[open]"));
        wait.until(d -> "24h".equals(details.getDomAttribute("data-loaded")));
        WebElement chart = details.findElement(By.cssSelector(".rt-chart svg.chart"));
        assertTrue(chart.getDomAttribute("aria-label").startsWith("Response time of Target API over 24h: p50 "),
                chart.getDomAttribute("aria-label"));
        assertEquals(1, details.findElements(By.cssSelector(".rt-chart polyline.chart-p99")).size(), "a p99 line");
        details.findElement(By.cssSelector("button[data-window='7d']")).click();
        wait.until(d -> "7d".equals(details.getDomAttribute("data-loaded")));
        assertEquals("true", details.findElement(By.cssSelector("button[data-window='7d']")).getDomAttribute("aria-pressed"));
        assertTrue(details.findElement(By.cssSelector(".chart-summary")).getText().startsWith("p50 "));
        screenshot("status-page-chart.png");
    }

    /**
     * WCAG 2.1 AA contrast (1.4.3) of every visible text on the home page, in the light and the dark theme, with
     * each service status and headline: at least 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Colours
     * come from {@code getComputedStyle}; the background is the first opaque one among the ancestors, with
     * translucent ones composited over it.
     */
    @Test
    void everyTextMeetsWcagAaContrastInBothThemes() throws Exception {
        serve("30s");
        browser.get(app.baseUri().toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> failures = new java.util.ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            js.executeScript("localStorage.setItem('upwatch-theme', arguments[0]);", theme);
            browser.navigate().refresh();
            assertEquals(theme, js.executeScript("return document.documentElement.getAttribute('data-bs-theme');"));
            // Show the tooltip and every status and headline colour, each with a reason line.
            js.executeScript("document.querySelector('[data-service-id=target] .bar > i[tabindex=\"0\"]').focus();");
            for (String status : List.of("up", "degraded", "down", "maintenance", "unknown")) {
                js.executeScript("var row = document.querySelector('[data-service-id=target]');"
                        + "row.setAttribute('data-status', arguments[0]);"
                        + "row.querySelector('.reason').textContent = 'reason text';"
                        + "var banner = document.getElementById('banner');"
                        + "banner.className = banner.className.replace(/banner-[a-z-]+/, 'banner-' + arguments[1]);",
                        status, Map.of("up", "operational", "degraded", "degraded", "down", "major-outage",
                                "maintenance", "maintenance", "unknown", "checking").get(status));
                @SuppressWarnings("unchecked")
                List<String> low = (List<String>) js.executeScript(CONTRAST);
                low.forEach(f -> failures.add(theme + ", " + status + ": " + f));
            }
            js.executeScript("document.getElementById('banner').className = "
                    + "document.getElementById('banner').className.replace(/banner-[a-z-]+/, 'banner-partial-outage');");
            @SuppressWarnings("unchecked")
            List<String> low = (List<String>) js.executeScript(CONTRAST);
            low.forEach(f -> failures.add(theme + ", partial outage: " + f));
        }
        assertEquals(List.of(), failures, "texts below WCAG AA contrast");
        // The check sees what it should: a grey text on the page's grey is caught.
        js.executeScript("var p = document.createElement('p'); p.id = 'faint'; p.textContent = 'faint text';"
                + "p.style.color = getComputedStyle(document.body).backgroundColor; p.style.opacity = '1';"
                + "p.style.color = 'rgb(128, 128, 128)'; p.style.backgroundColor = 'rgb(140, 140, 140)';"
                + "document.querySelector('main').appendChild(p);");
        @SuppressWarnings("unchecked")
        List<String> caught = (List<String>) js.executeScript(CONTRAST);
        assertEquals(1, caught.size(), caught.toString());
        assertTrue(caught.get(0).startsWith("p. \"faint text\": 1.1"), caught.get(0));
    }

    /**
     * The service page of an HTTP monitor shows each check's timing phases and their medians; its texts meet AA
     * contrast and each phase colour at least 3:1 against the card (WCAG 1.4.11), in both themes.
     */
    @Test
    void theServicePageShowsTimingPhasesReadablyInBothThemes() throws Exception {
        serve("30s");
        UpwatchServerTest.await("a stored check of the target with timing phases (the page reads stored checks)",
                Duration.ofSeconds(15), () -> app.engine().statusQuery().recentSamples(MonitorId.of("target"), 1).stream()
                        .anyMatch(s -> !s.phases().isEmpty()));
        browser.get(app.baseUri().resolve("/services/target").toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> failures = new java.util.ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            js.executeScript("localStorage.setItem('upwatch-theme', arguments[0]);", theme);
            browser.navigate().refresh();
            assertEquals(theme, js.executeScript("return document.documentElement.getAttribute('data-bs-theme');"));
            // Read in one script each: a live update may replace the rows between a find and a read (a stale element).
            String summaryLabel = (String) js.executeScript(
                    "return document.querySelector('svg.phases-summary').getAttribute('aria-label');");
            assertTrue(summaryLabel.startsWith("Median over "), summaryLabel);
            assertTrue(((String) js.executeScript(
                    "return document.querySelector('td.check-phases svg.phases').getAttribute('aria-label');"))
                    .contains("first byte "), "a check's bar in words");
            @SuppressWarnings("unchecked")
            List<String> low = (List<String>) js.executeScript(CONTRAST);
            low.forEach(f -> failures.add(theme + ": " + f));
            @SuppressWarnings("unchecked")
            List<String> faint = (List<String>) js.executeScript(CONTRAST.substring(0, CONTRAST.indexOf("var out = [];"))
                    + "var out = [], summary = document.querySelector('svg.phases-summary');"
                    + "var back = background(summary.closest('.card'));"
                    + "['dns', 'connect', 'tls', 'firstByte', 'transfer', 'other'].forEach(function (key) {"
                    + "  var rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');"
                    + "  rect.setAttribute('class', 'phase phase-' + key); summary.appendChild(rect);"
                    + "  var r = ratio(rgba(getComputedStyle(rect).fill), back); rect.remove();"
                    + "  if (r < 3) { out.push(key + ': ' + r.toFixed(2)); } });"
                    + "return out;");
            faint.forEach(f -> failures.add(theme + ", phase colour " + f));
        }
        assertEquals(List.of(), failures, "phase section below WCAG AA contrast");
        screenshot("service-page-phases.png");
    }

    /**
     * axe-core (Deque's accessibility rules, WCAG 2.x A and AA and best practices) finds nothing on the home page in
     * both layouts, the service page and the history, in English, German and Japanese, in the light and the dark theme,
     * with a service down and its incident open. The page's CSP forbids injected scripts, so axe runs through the driver's script execution.
     */
    @Test
    void axeFindsNoViolationsOnAnyPageInEitherTheme() throws Exception {
        serve("30s");
        target.answer(503);
        UpwatchServerTest.await("an incident open", Duration.ofSeconds(15), () -> !app.incidents().active().isEmpty());
        String axe;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("axe.min.js")) {
            assertTrue(in != null, "axe.min.js from com.deque.html.axe-core:selenium on the test classpath");
            axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> found = new java.util.ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            for (String page : List.of("/", "/?layout=compact", "/services/target", "/history", "/?lang=de",
                    "/services/target?lang=de", "/history?lang=ja", "/?lang=ja", "/services/target?lang=ja")) {
                if (!page.contains("lang=")) {
                    browser.manage().deleteAllCookies(); // a language link's choice lasts: back to English
                }
                browser.get(app.baseUri().resolve(page.replace("?layout=compact", "")).toString());
                js.executeScript("localStorage.setItem('upwatch-theme', arguments[0]);"
                        + "localStorage.setItem('upwatch-layout', arguments[1]);", theme,
                        page.contains("compact") ? "compact" : "full");
                browser.navigate().refresh();
                js.executeScript(axe);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript(
                        "var done = arguments[arguments.length - 1];"
                                + "axe.run(document, { resultTypes: ['violations'] }).then(function (r) {"
                                + " done(r.violations.map(function (v) { return { id: v.id, help: v.help,"
                                + "  nodes: v.nodes.map(function (n) { return n.target.join(' '); }).slice(0, 3) }; })); });");
                violations.forEach(v -> found.add(theme + " " + page + ": " + v));
            }
        }
        assertEquals(List.of(), found, "axe-core violations");
    }

    /** Returns the texts below AA contrast as {@code selector "text": ratio (colour on background)}. */
    private static final String CONTRAST = """
            function rgba(text) {
              var p = text.match(/[\\d.]+/g).map(Number);
              return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
            }
            function over(top, bottom) {
              var a = top.a + bottom.a * (1 - top.a);
              function mix(c) { return (top[c] * top.a + bottom[c] * bottom.a * (1 - top.a)) / a; }
              return { r: mix('r'), g: mix('g'), b: mix('b'), a: a };
            }
            function background(element) {
              var layers = [];
              for (var e = element; e; e = e.parentElement) {
                var c = rgba(getComputedStyle(e).backgroundColor);
                if (c.a > 0) { layers.push(c); }
                if (c.a >= 1) { break; }
              }
              var result = { r: 255, g: 255, b: 255, a: 1 };
              for (var i = layers.length - 1; i >= 0; i--) { result = over(layers[i], result); }
              return result;
            }
            function luminance(c) {
              function channel(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
              return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
            }
            function ratio(a, b) {
              var x = luminance(a), y = luminance(b);
              return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
            }
            function check(element, style, text, out) {
              var back = background(element);
              var fore = over(rgba(style.color), back);
              var size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
              var needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
              var r = ratio(fore, back);
              if (r < needed) {
                out.push(element.tagName.toLowerCase() + '.' + String(element.className.baseVal === undefined
                  ? element.className : element.className.baseVal).replace(/ /g, '.') + ' "' + text.trim().substring(0, 30)
                  + '": ' + r.toFixed(2) + ' (' + style.color + ' on ' + JSON.stringify(back) + ')');
              }
            }
            var out = [];
            document.querySelectorAll('body *').forEach(function (element) {
              if (!element.getClientRects().length) { return; }
              var style = getComputedStyle(element);
              if (style.visibility !== 'visible' || element.closest('svg')) { return; }
              var own = Array.prototype.filter.call(element.childNodes, function (n) {
                return n.nodeType === 3 && n.textContent.trim() !== '';
              }).map(function (n) { return n.textContent; }).join(' ');
              if (own) { check(element, style, own, out); }
              ['::before', '::after'].forEach(function (pseudo) {
                var p = getComputedStyle(element, pseudo);
                if (p.content && p.content !== 'none' && p.content !== 'normal' && p.content.length > 2) {
                  check(element, p, p.content, out);
                }
              });
            });
            return out;
            """;

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
