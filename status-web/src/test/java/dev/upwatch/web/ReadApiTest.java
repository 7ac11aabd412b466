package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.TokenScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read API and the service page on one real server whose target fails for a while. */
class ReadApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FlippableTarget target;
    private static WebhookReceiver receiver;
    private static UpwatchApplication app;
    private static Path data;

    @BeforeAll
    static void startWithSomeHistory() throws Exception {
        data = Files.createTempDirectory("upwatch-read-api");
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s",
                ", cors-origins: [\"https://dash.example.test\"]", """
                incidents:
                  - id: partner
                    title: "Partner <script>alert(1)</script> outage"
                    services: [closed]
                    starts: %s
                    updates:
                      - { at: %s, state: investigating, message: "We <b>look</b> into it." }
                """.formatted(Instant.now().minusSeconds(7_200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        Instant.now().minusSeconds(7_000).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))), Clock.systemUTC(),
                UpwatchServerTest.fastEngine());
        UpwatchServerTest.await("target up", Duration.ofSeconds(15), () -> status("target").equals("up"));
        target.answer(503);
        UpwatchServerTest.await("target down", Duration.ofSeconds(15), () -> status("target").equals("down"));
        UpwatchServerTest.await("six stored checks", Duration.ofSeconds(15),
                () -> get("api/v1/services/target?limit=6").body().split("startedAt").length > 6);
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
        receiver.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        return ServerRequests.get(app.baseUri(), path, headers);
    }

    static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), path + " → " + response.body());
        return JSON.readTree(response.body());
    }

    private static String status(String id) throws Exception {
        for (JsonNode service : json("api/v1/status").get("services")) {
            if (service.get("id").asText().equals(id)) {
                return service.get("status").asText();
            }
        }
        throw new AssertionError("no " + id);
    }

    @Test
    void theSummaryCarriesAnEntityTagAndAnswers304WhenUnchanged() throws Exception {
        HttpResponse<String> first = get("api/v1/status");
        String etag = first.headers().firstValue("etag").orElseThrow();
        HttpResponse<String> again = get("api/v1/status", "If-None-Match", etag);
        // A check may land between the two requests; then the tag changes and the body comes again.
        if (again.statusCode() == 200) {
            etag = again.headers().firstValue("etag").orElseThrow();
            again = get("api/v1/status", "If-None-Match", etag);
        }
        assertTrue(again.statusCode() == 304 || !again.headers().firstValue("etag").orElseThrow().equals(etag),
                "304 for a current tag, got " + again.statusCode());
        HttpResponse<String> stale = get("api/v1/status", "If-None-Match", "\"stale\"");
        assertEquals(200, stale.statusCode());
        assertTrue(stale.body().contains("\"services\""));
    }

    @Test
    void theSummaryIsSentGzippedOnceWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/status"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", response.headers().firstValue("content-encoding").orElseThrow());
        byte[] plain = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body())).readAllBytes();
        assertEquals(2, JSON.readTree(plain).get("services").size(), "compressed once, not twice");
    }

    @Test
    void theSummaryServedBeforeJerseyCarriesTheHeadersJerseySendsForIt() throws Exception {
        // GET is answered by SummaryFilter from the cached bytes; HEAD still goes through Jersey's resource and its
        // CORS filter: both must say the same, for plain and gzip answers, with and without an allowed origin.
        for (String[] headers : List.of(new String[] {"Origin", "https://dash.example.test"},
                new String[] {"Accept-Encoding", "gzip", "Origin", "https://dash.example.test"},
                new String[] {"Accept-Encoding", "gzip"}, new String[] {"Origin", "https://evil.example.test"})) {
            HttpResponse<byte[]> filtered = send("GET", headers);
            HttpResponse<byte[]> jersey = send("HEAD", headers);
            if (!jersey.headers().firstValue("etag").equals(filtered.headers().firstValue("etag"))) {
                filtered = send("GET", headers); // a check landed in between
            }
            assertEquals(200, filtered.statusCode());
            for (String name : List.of("content-type", "content-encoding", "etag", "cache-control", "vary",
                    "access-control-allow-origin", "access-control-expose-headers", "content-security-policy",
                    "x-content-type-options", "x-frame-options", "referrer-policy")) {
                assertEquals(normalized(jersey, name), normalized(filtered, name), name + " with " + List.of(headers));
            }
            assertEquals(filtered.body().length, filtered.headers().firstValueAsLong("content-length").orElseThrow());
        }
        String etag = send("GET").headers().firstValue("etag").orElseThrow();
        HttpResponse<byte[]> unchanged = send("GET", "If-None-Match", "\"other\", " + etag, "Origin", "https://dash.example.test");
        if (unchanged.statusCode() == 304) {
            assertEquals(etag, unchanged.headers().firstValue("etag").orElseThrow());
            assertEquals("no-cache, no-transform", unchanged.headers().firstValue("cache-control").orElseThrow());
            assertEquals("https://dash.example.test", unchanged.headers().firstValue("access-control-allow-origin").orElseThrow());
            assertEquals(0, unchanged.body().length);
        } else {
            assertTrue(!unchanged.headers().firstValue("etag").orElseThrow().equals(etag), "304 for a current tag");
        }
    }

    private static HttpResponse<byte[]> send(String method, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve("api/v1/status"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A header's values, split at commas, as a sorted set (the order of Vary entries does not matter). */
    private static java.util.SortedSet<String> normalized(HttpResponse<?> response, String name) {
        java.util.SortedSet<String> values = new java.util.TreeSet<>();
        response.headers().allValues(name).forEach(v -> java.util.Arrays.stream(v.split(","))
                .map(part -> part.trim().toLowerCase(java.util.Locale.ROOT)).forEach(values::add));
        return values;
    }

    @Test
    void eachServiceCarriesTodaysChecksAndIncidentsForTheNewestBarCell() throws Exception {
        String date = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        // The counts come from the rollups (flushed every 10 s); the incident opened when the target went down.
        UpwatchServerTest.await("today's failures and incident in the summary", Duration.ofSeconds(30), () -> {
            JsonNode today = service(json("api/v1/status"), "target").get("today");
            return today.get("date").asText().equals(date) && today.get("failures").asLong() > 0
                    && today.get("downMinutes").asLong() >= 1
                    && today.get("incidents").toString().contains("Target API is down");
        });
        JsonNode closed = service(json("api/v1/status"), "closed").get("today");
        assertTrue(closed.get("incidents").toString().contains("Partner <script>alert(1)</script> outage"),
                "configured incidents count too: " + closed);
        JsonNode detail = json("api/v1/services/target").get("service").get("today");
        assertTrue(detail.get("incidents").toString().contains("Target API is down"), detail.toString());
    }

    private static JsonNode service(JsonNode summary, String id) {
        for (JsonNode service : summary.get("services")) {
            if (service.get("id").asText().equals(id)) {
                return service;
            }
        }
        throw new AssertionError("no " + id + " in " + summary);
    }

    @Test
    void servicesListsEveryServiceInDisplayOrder() throws Exception {
        JsonNode services = json("api/v1/services").get("services");
        assertEquals(2, services.size());
        assertEquals("target", services.get(0).get("id").asText());
        assertEquals("closed", services.get(1).get("id").asText());
    }

    @Test
    void samplesArePagedOldestFirstWithAnOpaqueCursorAndNoneIsLostOrRepeated() throws Exception {
        List<String> all = new ArrayList<>();
        String from = Instant.now().minusSeconds(3600).toString();
        String to = Instant.now().plusSeconds(1).toString();
        JsonNode page = json("api/v1/services/target/samples?limit=2&from=" + from + "&to=" + to);
        int pages = 0;
        while (true) {
            pages++;
            page.get("samples").forEach(s -> all.add(s.get("startedAt").asText()));
            if (page.get("nextCursor").isNull()) {
                break;
            }
            assertEquals(2, page.get("samples").size());
            page = json("api/v1/services/target/samples?limit=2&cursor=" + page.get("nextCursor").asText());
        }
        assertTrue(pages >= 3, "several pages: " + pages);
        assertEquals(all.size(), new HashSet<>(all).size(), "no sample twice");
        List<String> sorted = all.stream().sorted((a, b) -> Instant.parse(a).compareTo(Instant.parse(b))).toList();
        assertEquals(sorted, all, "oldest first");
        int stored = json("api/v1/services/target?limit=500").get("recentSamples").size();
        assertTrue(all.size() >= stored - 2 && all.size() <= stored + 2, all.size() + " paged vs " + stored + " stored");
    }

    @Test
    void uptimeOfAWindowCountsTheChecks() throws Exception {
        UpwatchServerTest.await("uptime counts refreshed", Duration.ofSeconds(10),
                () -> json("api/v1/services/target/uptime?window=24h").get("failures").asLong() > 0);
        JsonNode uptime = json("api/v1/services/target/uptime?window=24h");
        assertEquals("target", uptime.get("id").asText());
        assertEquals("24h", uptime.get("window").asText());
        assertTrue(uptime.get("percent").asDouble() < 100.0);
        assertEquals("30d", json("api/v1/services/target/uptime").get("window").asText(), "30 days by default");
    }

    @Test
    void seriesHasBucketsWithCountsAndPercentiles() throws Exception {
        // Whole minutes: the series is read from the minute rollups (pending ones included, so no flush is awaited).
        Instant to = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(60);
        JsonNode series = json("api/v1/services/target/series?from=" + to.minusSeconds(600) + "&to=" + to + "&resolution=5m");
        assertEquals(300, series.get("resolutionSeconds").asLong());
        assertEquals(2, series.get("buckets").size());
        JsonNode last = series.get("buckets").get(1);
        assertTrue(last.get("count").asLong() >= 5 && last.get("failures").asLong() >= 1, last.toString());
        double p50 = last.get("p50Ms").asDouble();
        double p99 = last.get("p99Ms").asDouble();
        assertTrue(last.get("minMs").asDouble() <= p50 && p50 <= last.get("p95Ms").asDouble() && p99 <= last.get("maxMs").asDouble(), last.toString());
        JsonNode empty = series.get("buckets").get(0);
        assertEquals(0, empty.get("count").asLong());
        assertTrue(empty.get("p50Ms").isNull());
    }

    @ParameterizedTest(name = "{0} → {1} naming {2}")
    @CsvSource({
            "api/v1/services/target/samples?from=yesterday, 400, from",
            "api/v1/services/target/samples?limit=0, 400, limit",
            "api/v1/services/target/samples?limit=many, 400, limit",
            "api/v1/services/target/samples?cursor=bm9wZQ, 400, cursor",
            "api/v1/services/target/samples?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z, 400, from",
            "api/v1/services/target/uptime?window=1y, 400, window",
            "api/v1/services/target/series?resolution=1s, 400, resolution",
            "api/v1/services/target/series?resolution=90s, 400, resolution",
            "api/v1/services/target/series?resolution=soon, 400, resolution",
            "api/v1/services/nope/series, 404, nope",
            "api/v1/services/nope/samples, 404, nope",
    })
    void badRequestsAreProblemDocumentsNamingTheParameter(String path, int code, String named) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(code, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(code, problem.get("status").asInt());
        assertTrue(problem.get("detail").asText().contains(named), problem.toString());
    }

    @Test
    void theServicePageShowsPercentilesAndTheFailingCondition() throws Exception {
        for (String window : List.of("24h", "7d", "30d")) {
            HttpResponse<String> page = get("services/target?window=" + window);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("class=\"chart-p99\""), window + ": the chart has a p99 line");
            assertTrue(page.body().contains("aria-current=\"page\">" + window + "<"), window + " is the current window");
        }
        String body = get("services/target").body();
        assertTrue(body.matches("(?s).*p50 [0-9.]+ ms · p95 [0-9.]+ ms · p99 [0-9.]+ ms.*"), "percentiles in words");
        assertTrue(body.contains("[STATUS] (503) == 200; [BODY].status (DOWN) == UP"), "the failing conditions");
        assertTrue(get("").body().contains("href=\"./services/target\""), "the home page links to it");
    }

    @Test
    void anUnknownServiceIsAnHtmlNotFoundPage() throws Exception {
        for (String path : List.of("services/nope", "services/%3Cscript%3E")) {
            HttpResponse<String> page = get(path);
            assertEquals(404, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("Not found"));
            assertTrue(!page.body().contains("<script>"), "the id is escaped");
        }
    }

    @Test
    void badgesAreSvgWithCacheHeadersAndEscapedText() throws Exception {
        HttpResponse<String> status = get("badge/target/status.svg");
        assertEquals(200, status.statusCode());
        assertEquals("image/svg+xml", status.headers().firstValue("content-type").orElseThrow());
        assertTrue(status.headers().firstValue("cache-control").orElseThrow().contains("max-age=60"));
        assertTrue(status.body().startsWith("<svg") && status.body().contains(">down</text>"), status.body());
        assertTrue(status.body().contains("Target API"), "labelled with the service name");

        HttpResponse<String> uptime = get("badge/target/uptime/24h.svg");
        assertTrue(uptime.body().matches("(?s).*uptime 24h.*>([0-9.]+%|no data)</text>.*"), uptime.body());
        assertTrue(get("badge/target/response-time.svg").body().matches("(?s).*>[0-9]+ ms</text>.*"));
        assertEquals(400, get("badge/target/uptime/1y.svg").statusCode());
        HttpResponse<String> unknown = get("badge/nope/status.svg");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("unknown service"));
    }

    @Test
    void crossOriginReadsAreAllowedOnlyForConfiguredOriginsAndOnlyOnTheApi() throws Exception {
        HttpResponse<String> allowed = get("api/v1/status", "Origin", "https://dash.example.test");
        assertEquals("https://dash.example.test", allowed.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("ETag", allowed.headers().firstValue("access-control-expose-headers").orElseThrow());
        HttpResponse<String> other = get("api/v1/status", "Origin", "https://evil.example.test");
        assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
        HttpResponse<String> page = get("", "Origin", "https://dash.example.test");
        assertTrue(page.headers().firstValue("access-control-allow-origin").isEmpty(), "pages are not shared");
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(app.baseUri().resolve("api/v1/services"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://dash.example.test").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(preflight.statusCode() < 300, "preflight " + preflight.statusCode());
        assertEquals("GET, HEAD, OPTIONS", preflight.headers().firstValue("access-control-allow-methods").orElseThrow());
    }

    @Test
    void everyDocumentedPathIsServed() throws Exception {
        JsonNode paths = json("api/v1/openapi.json").get("paths");
        List<String> documented = new ArrayList<>();
        paths.fieldNames().forEachRemaining(documented::add);
        assertTrue(documented.size() >= 11, documented.toString());
        for (String path : documented) {
            if (path.startsWith("/api/v1/admin/")) {
                continue; // writes, behind the admin token: AdminApiTest covers them
            }
            if (path.contains("{token}")) {
                continue; // push URLs need a push monitor's secret: PushApiTest covers them
            }
            String real = path.substring(1).replace("{id}", "target").replace("{window}", "24h");
            HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve(real));
            if (paths.get(path).path("get").has("security")) { // documented as needing a token: send one
                request.header("Authorization", "Bearer " + app.tokens().create("openapi", TokenScope.READ).secret().value());
                assertEquals(401, get(real).statusCode(), path + " without its token");
            }
            HttpResponse<java.io.InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close(); // the event stream never ends by itself
            assertEquals(200, response.statusCode(), path);
        }
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
            "api/v1/status, Status",
            "api/v1/services, Services",
            "api/v1/services/target?limit=3, ServiceDetail",
            "api/v1/services/target/samples?limit=3, SamplePage",
            "api/v1/services/target/uptime?window=7d, Uptime",
            "api/v1/services/target/series?resolution=1h, Series",
            "api/v1/services/target/uptime?window=1y, Problem",
            "api/v1/services/nope, Problem",
            "api/v1/incidents, Incidents",
    })
    void realResponsesHaveExactlyTheDocumentedProperties(String path, String schemaName) throws Exception {
        JsonNode document = json("api/v1/openapi.json");
        JsonNode body = JSON.readTree(get(path).body());
        List<String> problems = new ArrayList<>();
        OpenApiShape.check(document, body, document.at("/components/schemas/" + schemaName), schemaName, problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void theShapeCheckCatchesMissingExtraAndMistypedProperties() throws Exception {
        JsonNode document = json("api/v1/openapi.json");
        JsonNode schema = document.at("/components/schemas/Uptime");
        List<String> problems = new ArrayList<>();
        OpenApiShape.check(document, JSON.readTree("""
                {"id": "a", "window": 7, "percent": null, "successes": 1, "failures": 0, "extra": true}
                """), schema, "Uptime", problems);
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void incidentsAreListedByTheApiOnTopOfTheHomePageInTheHistoryAndOnTheServicePage() throws Exception {
        UpwatchServerTest.await("the target's outage opened an incident", Duration.ofSeconds(10),
                () -> json("api/v1/incidents").get("active").toString().contains("[\"target\"]"));
        JsonNode incidents = json("api/v1/incidents");
        List<String> active = new ArrayList<>();
        incidents.get("active").forEach(i -> active.add(i.get("id").asText()));
        assertTrue(active.contains("partner"), active.toString());
        JsonNode automatic = null;
        for (JsonNode incident : incidents.get("active")) {
            if (incident.get("kind").asText().equals("automatic") && incident.get("services").get(0).asText().equals("target")) {
                automatic = incident;
            }
        }
        assertNotNull(automatic, "the outage of the target is an automatic incident");
        assertEquals("target", automatic.get("services").get(0).asText());

        String home = get("").body();
        assertTrue(home.contains("Current incidents and maintenance"));
        assertTrue(home.indexOf("id=\"incident-partner\"") < home.indexOf("data-service-id=\"target\""), "incidents on top");
        assertTrue(home.contains("Partner &lt;script&gt;alert(1)&lt;/script&gt; outage"));
        assertTrue(home.contains("We &lt;b&gt;look&lt;/b&gt; into it."));
        assertTrue(!home.contains("<script>alert(1)"));

        String history = get("history").body();
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).getMonth()
                .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
        assertTrue(history.contains(month + " " + java.time.Year.now(java.time.ZoneOffset.UTC)), "months as headings");
        assertTrue(history.contains("id=\"incident-partner\""), "this month's incident is in the history");
        assertTrue(history.contains("Affects Closed port"), "with the affected services by name");
        assertTrue(history.matches("(?s).*incident-partner.*· 2 hr(, [0-9]+ min)?\\s.*"), "with its duration");

        String servicePage = get("services/closed").body();
        assertTrue(servicePage.contains("id=\"incident-partner\""), "the service page lists its incidents");
        assertTrue(!get("services/target").body().contains("id=\"incident-partner\""), "only its own");
        assertEquals(400, get("api/v1/incidents?from=soon").statusCode());
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void sampleFieldsAreComplete() throws Exception {
        JsonNode sample = json("api/v1/services/target/samples?limit=1").get("samples").get(0);
        assertNotNull(sample);
        assertEquals(Set.of("startedAt", "responseTimeMs", "outcome", "error", "conditions", "phases"),
                fieldNames(sample));
    }

    @Test
    void samplesCarryTheHttpTimingPhasesTheyWereStoredWith() throws Exception {
        JsonNode samples = json("api/v1/services/target/samples?limit=20").get("samples");
        boolean answered = false;
        for (JsonNode sample : samples) {
            List<String> names = new ArrayList<>();
            sample.get("phases").fieldNames().forEachRemaining(names::add);
            if (names.contains("firstByte")) {
                answered = true;
                assertTrue(names.indexOf("connect") >= 0 && names.indexOf("connect") < names.indexOf("firstByte")
                        && names.indexOf("firstByte") < names.indexOf("transfer"), "in measured order: " + names);
                sample.get("phases").forEach(ms -> assertTrue(ms.isNumber() && ms.asDouble() >= 0, sample.toString()));
            }
        }
        assertTrue(answered, "some stored check of the HTTP target has its phases: " + samples);
    }
}
