package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17: an open page never contradicts a fresh load. The home page, a service page and the history stay open in
 * headless Chromium (through a proxy whose connections the test can cut) while two services in two groups go down, a
 * manual incident opens, a maintenance window starts and everything recovers; after each step the live page's
 * normalised text must equal a fresh load of the same URL (in a second browser) at the same snapshot version within
 * 3 s. Then the event stream is cut, a service goes down meanwhile, the stream comes back, and the pages catch up the
 * same way. Prints how long each kind of element took to converge (docs/benchmarks.md).
 */
class LivePageConvergenceTest {
    /** How long an open page may take to show what a fresh load shows, after a change (the bound). */
    private static final Duration BOUND = Duration.ofSeconds(3);
    private static final String DB_TOKEN = "db-push-token-0123456789abcdef";
    private static final String JOBS_TOKEN = "jobs-push-token-0123456789abcdef";
    private static final List<String> PAGES = List.of("/", "/services/api", "/history");
    /** Element ids of the live fragments, by the kind of element they hold. */
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("banner", "banner and summary");
        KINDS.put("notices", "incidents and maintenance panel");
        KINDS.put("group-", "group status and counts");
        KINDS.put("service-card", "service page: status, reason, response time, uptime");
        KINDS.put("service-incidents", "service page: incidents");
        KINDS.put("checks", "service page: recent checks");
        KINDS.put("chart", "service page: response-time chart");
        KINDS.put("service-", "row: status, reason, response time, sparkline, today cell, uptime, 90-day bar");
        KINDS.put("updated", "last check time");
        KINDS.put("months", "history: incidents by month");
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Long>> delays = new TreeMap<>();
    private FlippableTarget target;
    private UpwatchApplication app;
    private CuttableProxy proxy;
    private ChromeDriver live;
    private ChromeDriver fresh;
    private final Map<String, String> windows = new LinkedHashMap<>();
    private String adminToken;

    @TempDir
    Path data;
    @TempDir
    Path liveProfile;
    @TempDir
    Path freshProfile;

    @AfterEach
    void stop() throws IOException {
        if (live != null) {
            live.quit();
        }
        if (fresh != null) {
            fresh.quit();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (app != null) {
            app.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private UpwatchConfig config() {
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { data-dir: "%s" }
                page: { title: "Convergence", refresh: 30s }
                monitors:
                  - { id: api, name: "Public API", group: Backend, type: http, url: "%s", interval: 1s, timeout: 800ms,
                      failure-threshold: 1, success-threshold: 1, conditions: ["[STATUS] == 200"] }
                  - { id: db, name: Database, group: Backend, type: push, token: "%s", interval: 1h, grace: 1h }
                  - { id: jobs, name: "Nightly jobs", group: Batch, type: push, token: "%s", interval: 1h, grace: 1h }
                """.formatted(data.toString().replace("\\", "/"), target.healthUrl(), DB_TOKEN, JOBS_TOKEN);
        return new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()), Map.of()).parse(yaml, "test.yml", data);
    }

    /** One step of the scenario: what it does and how the API shows that it took effect. */
    private record Step(String name, UpwatchServerTest.ThrowingCondition action, UpwatchServerTest.ThrowingCondition done) {
    }

    @Test
    void openPagesShowWhatAFreshLoadShowsWithinThreeSecondsOfEveryChange() throws Exception {
        target = new FlippableTarget();
        app = UpwatchApplication.start(config(), Clock.systemUTC(), UpwatchServerTest.fastEngine());
        adminToken = app.tokens().create("convergence-test", TokenScope.ADMIN).secret().value();
        proxy = new CuttableProxy(app.baseUri());
        push(DB_TOKEN, "up");
        push(JOBS_TOKEN, "up");
        UpwatchServerTest.await("every service up", Duration.ofSeconds(15), () -> statuses().equals(
                Map.of("api", "up", "db", "up", "jobs", "up")));

        live = Chromium.start(liveProfile);
        fresh = Chromium.start(freshProfile);
        for (String page : PAGES) {
            if (!windows.isEmpty()) {
                live.switchTo().newWindow(WindowType.TAB);
            }
            live.get(proxy.baseUri().resolve(page).toString());
            windows.put(page, live.getWindowHandle());
            observe();
        }

        Step down = new Step("two services in two groups go down", () -> {
            target.answer(503);
            push(JOBS_TOKEN, "down");
            return true;
        }, () -> statuses().equals(Map.of("api", "down", "db", "up", "jobs", "down")) && activeIncidents() == 2);
        Step incident = new Step("a manual incident opens", () -> {
            admin("PUT", "api/v1/admin/incidents/checkout", """
                    {"title": "Slow checkouts", "impact": "degraded", "services": ["api"],
                     "updates": [{"state": "investigating", "message": "Looking into it."}]}""", 201);
            return true;
        }, () -> activeIncidents() == 3);
        Step maintenance = new Step("a maintenance window starts", () -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            admin("POST", "api/v1/admin/maintenance", """
                    {"id": "db-upgrade", "title": "Database upgrade", "monitors": ["db"], "start": "%s", "end": "%s"}"""
                    .formatted(now.minusSeconds(1), now.plus(Duration.ofHours(1))), 201);
            push(DB_TOKEN, "up"); // a check inside the window
            return true;
        }, () -> statuses().get("db").equals("maintenance"));
        Step recover = new Step("everything recovers", () -> {
            admin("DELETE", "api/v1/admin/maintenance/db-upgrade", null, 204);
            admin("POST", "api/v1/admin/incidents/checkout/updates",
                    "{\"state\": \"resolved\", \"message\": \"Fixed.\"}", 200);
            target.answer(200);
            push(JOBS_TOKEN, "up");
            push(DB_TOKEN, "up");
            return true;
        }, () -> statuses().equals(Map.of("api", "up", "db", "up", "jobs", "up")) && activeIncidents() == 0);

        for (Step step : List.of(down, incident, maintenance, recover)) {
            run(step, null);
        }

        // The event stream drops; a service goes down meanwhile; the stream comes back and the pages catch up.
        proxy.cut();
        for (String page : PAGES) {
            UpwatchServerTest.await("the page notices the dropped stream", Duration.ofSeconds(5),
                    () -> "reconnecting".equals(on(page).findElement(By.tagName("body")).getDomAttribute("data-live")));
        }
        run(down, proxy);
        run(new Step("both recover", () -> {
            target.answer(200);
            push(JOBS_TOKEN, "up");
            return true;
        }, recover.done()), null);

        StringBuilder report = new StringBuilder("Convergence of open pages (ms from the change's action, and from the"
                + " server making the version, to the page showing it):\n");
        delays.forEach((kind, values) -> report.append(String.format(Locale.ROOT, "  %-80s %s%n", kind, values)));
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "convergence.txt"), report);
    }

    /**
     * Runs a step and waits until each open page equals a fresh load at the same version; with a {@code cut} proxy the
     * step happens while the pages are cut off, and the bound counts from when the connection comes back.
     */
    private void run(Step step, CuttableProxy cut) throws Exception {
        long action = System.currentTimeMillis();
        for (String page : PAGES) {
            on(page).executeScript("window.__applied = [];");
        }
        step.action().holds();
        UpwatchServerTest.await(step.name(), Duration.ofSeconds(10), step.done());
        long from = action;
        if (cut != null) {
            cut.restore();
            from = System.currentTimeMillis();
        }
        Map<String, Long> shown = new LinkedHashMap<>();
        for (String page : PAGES) { // the page's version now, which holds the step's effect
            shown.put(page, number(get("live?poll=1&since=0&page=" + java.net.URLEncoder.encode(page,
                    java.nio.charset.StandardCharsets.UTF_8)).get("version").asText()));
        }
        for (String page : PAGES) {
            converge(step, page);
        }
        for (String page : PAGES) {
            @SuppressWarnings("unchecked")
            List<List<Object>> applied = (List<List<Object>>) on(page).executeScript("return window.__applied;");
            long reached = from;
            long target = Long.MAX_VALUE; // the first version the page applied that holds the step's effect
            for (List<Object> fragment : applied) {
                long at = ((Number) fragment.get(1)).longValue();
                long version = number(String.valueOf(fragment.get(3)));
                if (version > target) {
                    break; // later updates belong to later changes (the next check, the next minute)
                }
                String kind = kind((String) fragment.get(0));
                if (kind != null) {
                    delays.computeIfAbsent(kind + (cut == null ? "" : " (after reconnect)"), k -> new ArrayList<>())
                            .add(at - from);
                    delays.computeIfAbsent(kind + ", from the version's making", k -> new ArrayList<>())
                            .add(at - Long.parseLong(String.valueOf(fragment.get(2))));
                }
                reached = at;
                if (version >= shown.get(page)) {
                    target = version;
                }
            }
            assertTrue(reached - from <= BOUND.toMillis(), step.name() + ": " + page + " reached version "
                    + shown.get(page) + " only after " + (reached - from) + " ms: " + applied);
        }
    }

    private static long number(String tag) {
        return Long.parseLong(tag.substring(tag.lastIndexOf('-') + 1));
    }

    private static String kind(String id) {
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            if (id.equals(kind.getKey()) || kind.getKey().endsWith("-") && id.startsWith(kind.getKey())
                    && !(kind.getKey().equals("service-") && (id.equals("service-card") || id.equals("service-incidents")))) {
                return kind.getValue();
            }
        }
        return null;
    }

    /** Waits until the open page and a fresh load are at the same version: then they must read the same. */
    private void converge(Step step, String page) throws Exception {
        String last = "never read";
        long until = System.currentTimeMillis() + 4 * BOUND.toMillis();
        while (System.currentTimeMillis() < until) {
            fresh.get(app.baseUri().resolve(page).toString());
            String[] loaded = read(fresh);
            String[] open = read(on(page));
            if (open[0].equals(loaded[0])) {
                assertEquals(loaded[1], open[1], step.name() + ": " + page + " at version " + open[0]
                        + " reads differently open and freshly loaded");
                return;
            }
            last = "open at " + open[0] + ", fresh at " + loaded[0];
            Thread.sleep(50);
        }
        throw new AssertionError(step.name() + ": " + page + " never showed the version of a fresh load (" + last + ")");
    }

    /** The page's version and its visible text, whitespace collapsed and durations masked. */
    private static String[] read(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        List<String> read = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [document.getElementById('live-version').getAttribute('data-version'),"
                        + " document.querySelector('main').innerText];");
        String text = read.get(1).replaceAll("\\s+", " ")
                .replaceAll("under a minute|\\b\\d+ (min|h|d)( \\d+ (min|h))?\\b(?! down)", "<duration>");
        return new String[] {read.get(0), text};
    }

    private ChromeDriver on(String page) {
        live.switchTo().window(windows.get(page));
        return live;
    }

    /** Records each fragment the page puts in place: its id, when, and when the server made its version. */
    private void observe() {
        live.executeScript("window.__applied = []; new MutationObserver(function (records) {"
                + " records.forEach(function (r) { r.addedNodes.forEach(function (n) {"
                + "  if (n.id) { window.__applied.push([n.id, Date.now(), document.body.getAttribute('data-live-at'),"
                + "   document.body.getAttribute('data-live-version')]); }"
                + " }); }); }).observe(document.body, { childList: true, subtree: true });");
    }

    private Map<String, String> statuses() throws Exception {
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode service : get("api/v1/status").get("services")) {
            statuses.put(service.get("id").asText(), service.get("status").asText());
        }
        return statuses;
    }

    private int activeIncidents() throws Exception {
        return get("api/v1/incidents").get("active").size();
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(app.baseUri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private void push(String token, String status) throws Exception {
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/push/" + token
                + "?status=" + status)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(pushed.statusCode() < 300, pushed.body());
    }

    private void admin(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
    }
}
