package dev.upwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.io.WireFeedInput;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.probe.ProbeRegistry;
import dev.upwatch.web.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes for the people who read the page, on a running server: SLA reports (HTML, JSON, CSV), exports (CSV,
 * JSON, streamed; private monitors only with a token) and the Atom and RSS feeds, parsed with Rome and checked for
 * the elements the specifications require. A public monitor with an SLA target, a private one that fails, a manual
 * incident of both and a maintenance window of both.
 */
class ReaderRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    private static Path data;
    private static FlippableTarget target;
    private static UpwatchApplication app;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("upwatch-reader");
        target = new FlippableTarget();
        Path file = data.resolve("upwatch.yml");
        Instant windowStart = Instant.now().plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Files.writeString(file, """
                server: { host: 127.0.0.1, port: 0 }
                security: { egress: { allow: [127.0.0.0/8] } }
                storage: { data-dir: "%s" }
                page: { title: "Reader Status", public-url: "https://status.example.org/" }
                monitors:
                  - { id: target, name: "Target API", type: http, url: "%s", interval: 1s, timeout: 800ms, sla: 99.5 }
                  - { id: covert-db, name: "Covert Database", type: tcp, host: 127.0.0.1, port: 9, interval: 1s,
                      timeout: 800ms, failure-threshold: 1, private: true }
                maintenance:
                  - { title: "Router swap", monitors: [target, covert-db], start: "%s", end: "%s" }
                  - { title: "Covert work", monitors: [covert-db], start: "%s", end: "%s" }
                """.formatted(data.resolve("db").toString().replace("\\", "/"), target.healthUrl(), windowStart,
                windowStart.plus(Duration.ofHours(1)), windowStart, windowStart.plus(Duration.ofHours(1))),
                StandardCharsets.UTF_8);
        app = UpwatchApplication.start(UpwatchApplication.modules(new ConfigLoader(
                ProbeRegistry.load(ReaderRoutesTest.class.getClassLoader()), Map.of()).load(file), Clock.systemUTC(),
                UpwatchServerTest.fastEngine()));
        adminToken = app.tokens().create("reader-test", TokenScope.ADMIN).secret().value();
        assertEquals(201, ServerRequests.withToken(app.baseUri(), adminToken, "PUT", "api/v1/admin/incidents/shared", """
                {"title": "Shared trouble", "impact": "degraded", "services": ["covert-db", "target"]}""").statusCode());
        assertEquals(201, ServerRequests.withToken(app.baseUri(), adminToken, "PUT", "api/v1/admin/incidents/covert", """
                {"title": "Covert outage", "impact": "down", "services": ["covert-db"]}""").statusCode());
        // Rollups reach the store every 10 s: wait until the report counts checks of both monitors' kind.
        UpwatchServerTest.await("checks in the report", Duration.ofSeconds(40), () ->
                JSON.readTree(get("api/v1/report").body()).at("/services/0/checks").asLong() >= 3
                        && JSON.readTree(ServerRequests.operator(app, "api/v1/operator/exports/services/covert-db/"
                        + "rollups?tier=minute&format=json").body()).path("count").asLong() > 0);
    }

    @AfterAll
    static void stop() {
        app.close();
        target.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return ServerRequests.get(app.baseUri(), path, headers);
    }

    // ---- reports

    @Test
    void theJsonReportHasEveryFigureOfThePublicServicesOnly() throws Exception {
        HttpResponse<String> answer = get("api/v1/report");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode report = JSON.readTree(answer.body());
        assertEquals("Reader Status", report.get("page").asText());
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        assertEquals(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.parse(report.get("from").asText()));
        assertEquals(1, report.get("services").size(), "the private monitor is left out: " + answer.body());
        JsonNode service = report.get("services").get(0);
        assertEquals("target", service.get("id").asText());
        assertTrue(service.get("checks").asLong() >= 3);
        long successes = service.get("successes").asLong();
        long failures = service.get("failures").asLong();
        assertEquals(service.get("checks").asLong(), successes + failures + service.get("errors").asLong()
                + service.get("maintenance").asLong());
        // On a loaded machine a check may miss its 800 ms: the figures must agree whatever they are.
        assertEquals(100.0 * successes / (successes + failures), service.get("uptime").asDouble(), 1e-9);
        assertEquals("99.5", service.at("/sla/target").asText());
        assertEquals(failures, service.at("/sla/failures").asLong());
        assertEquals(failures * 100 <= (successes + failures) * 0.5, service.at("/sla/met").asBoolean());
        assertEquals(0.005 * (successes + failures), service.at("/sla/allowedFailures").asDouble(), 1e-9);
        assertTrue(service.at("/responseTimeMs/p99").asDouble() > 0);
        assertEquals(1, report.get("incidents").size(), answer.body());
        assertEquals("[\"target\"]", report.at("/incidents/0/services").toString(), "only the public service is named");
        assertFalse(answer.body().contains("covert") || answer.body().contains("Covert"), answer.body());
    }

    @Test
    void theCsvReportHasAHeaderAndOneRowPerService() throws Exception {
        HttpResponse<String> answer = get("api/v1/report?format=csv&month=" + YearMonth.now(ZoneOffset.UTC));
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(answer.headers().firstValue("Content-Disposition").orElse("").contains(".csv"));
        List<Map<String, String>> rows = csv(answer.body());
        assertEquals(1, rows.size(), answer.body());
        assertEquals("target", rows.getFirst().get("service_id"));
        assertTrue(List.of("true", "false").contains(rows.getFirst().get("sla_met")), rows.toString());
        assertEquals("99.5", rows.getFirst().get("sla_target_percent"));
        assertTrue(answer.body().contains("\r\n"), "RFC 4180 line ends");
    }

    @Test
    void theReportPageIsPrintableAndNeedsNoInlineScriptOrStyle() throws Exception {
        HttpResponse<String> page = get("report");
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        assertTrue(html.contains("Target API") && html.contains("99.5%") && html.matches("(?s).*sla-(met|missed).*"), html);
        assertTrue(html.contains("Shared trouble"), html);
        assertFalse(html.contains("Covert") || html.contains("covert"), html);
        assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find(), "no inline script");
        assertFalse(html.contains(" style="), "no inline style");
        assertTrue(html.contains("href=\"/api/v1/report?") && html.contains("format=csv"), "links to CSV and JSON");
        String css = get(html.replaceAll("(?s).*href=\"(/assets/app\\.[0-9a-f]+\\.css)\".*", "$1").substring(1)).body();
        assertTrue(css.contains("@media print"), "a print stylesheet");
        HttpResponse<String> one = get("report/services/target?month=" + YearMonth.now(ZoneOffset.UTC));
        assertEquals(200, one.statusCode());
        assertTrue(one.body().contains("Target API · SLA report"), one.body());
        assertEquals(404, get("report/services/covert-db").statusCode());
    }

    @ParameterizedTest(name = "{0} → 400 naming {1}")
    @CsvSource({
            "api/v1/report?month=2026-13, month",
            "api/v1/report?month=2026-03&from=2026-03-01, month",
            "api/v1/report?from=2026-03-01, to",
            "api/v1/report?from=yesterday&to=2026-03-01, from",
            "api/v1/report?from=2026-03-01T00:00:30Z&to=2026-03-02, from",
            "api/v1/report?from=2026-03-02&to=2026-03-01, from",
            "api/v1/report?from=2020-01-01&to=2020-02-01, from",
            "api/v1/report?from=2999-01-01&to=2999-02-01, from",
            "api/v1/report?format=xml, format",
            "report?month=03-2026, month",
            "api/v1/exports/services/target/samples?format=xlsx, format",
            "api/v1/exports/services/target/samples?from=2026-03-02&to=2026-03-01, from",
            "api/v1/exports/services/target/samples?to=noon, to",
            "api/v1/exports/services/target/rollups?tier=week, tier",
            "api/v1/exports/services/target/rollups?from=2026-3-1, from",
    })
    void badPeriodsAndFormatsAreProblemsNamingTheParameter(String path, String parameter) throws Exception {
        HttpResponse<String> answer = get(path);
        assertEquals(400, answer.statusCode(), path + " → " + answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(JSON.readTree(answer.body()).get("detail").asText().startsWith(parameter + ": "), answer.body());
    }

    // ---- exports

    @Test
    void samplesExportAsCsvAndJsonWithTheSameRows() throws Exception {
        String range = "from=" + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plusSeconds(60);
        HttpResponse<String> csv = get("api/v1/exports/services/target/samples?" + range);
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"target-samples-"));
        List<Map<String, String>> rows = csv(csv.body());
        assertTrue(rows.size() >= 3, csv.body());
        assertTrue(List.of("success", "failure").contains(rows.getFirst().get("outcome")), rows.toString());
        JsonNode json = JSON.readTree(get("api/v1/exports/services/target/samples?format=json&" + range).body());
        assertEquals("target", json.get("service").asText());
        assertTrue(json.get("count").asLong() >= rows.size());
        assertEquals(rows.getFirst().get("started_at"), json.at("/samples/0/started_at").asText());
        assertEquals(Long.parseLong(rows.getFirst().get("response_time_us")), json.at("/samples/0/response_time_us").asLong());
    }

    @Test
    void rollupsExportPerTier() throws Exception {
        HttpResponse<String> minute = get("api/v1/exports/services/target/rollups?tier=minute&format=json");
        assertEquals(200, minute.statusCode(), minute.body());
        JsonNode json = JSON.readTree(minute.body());
        assertEquals("minute", json.get("tier").asText());
        assertTrue(json.get("count").asLong() >= 1);
        JsonNode first = json.at("/rollups/0");
        assertEquals(first.get("checks").asLong(), first.get("successes").asLong() + first.get("failures").asLong()
                + first.get("errors").asLong() + first.get("maintenance").asLong());
        List<Map<String, String>> day = csv(get("api/v1/exports/services/target/rollups?tier=day").body());
        assertFalse(day.isEmpty());
        assertTrue(Long.parseLong(day.getLast().get("response_p50_us")) > 0);
    }

    @Test
    void privateMonitorsExportOnlyWithAToken() throws Exception {
        assertEquals(404, get("api/v1/exports/services/covert-db/samples").statusCode());
        HttpResponse<String> anonymous = get("api/v1/operator/exports/services/covert-db/samples");
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> operator = ServerRequests.operator(app, "api/v1/operator/exports/services/covert-db/samples");
        assertEquals(200, operator.statusCode(), operator.body());
        assertTrue(csv(operator.body()).stream().anyMatch(row -> row.get("outcome").equals("failure")), operator.body());
        assertEquals(200, ServerRequests.operator(app, "api/v1/operator/exports/services/target/rollups").statusCode());
    }

    // ---- feeds

    @Test
    void theAtomFeedParsesAndHasWhatRfc4287Requires() throws Exception {
        HttpResponse<String> answer = get("feeds/atom");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/atom+xml"));
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(answer.body()));
        assertEquals("atom_1.0", feed.getFeedType());
        assertTrue(feed.getId().startsWith("urn:uuid:"));
        assertNotNull(feed.getUpdated());
        assertEquals("Reader Status", feed.getAuthors().getFirst().getName());
        List<String> titles = feed.getEntries().stream().map(Entry::getTitle).toList();
        assertTrue(titles.contains("Investigating: Shared trouble"), titles.toString());
        assertTrue(titles.contains("Scheduled maintenance: Router swap"), titles.toString());
        assertFalse(answer.body().contains("Covert") || answer.body().contains("covert"), answer.body());
        for (Entry entry : feed.getEntries()) {
            assertTrue(entry.getId().startsWith("urn:uuid:"), entry.getId());
            assertNotNull(entry.getUpdated(), entry.getTitle());
            assertFalse(entry.getUpdated().toInstant().isAfter(Instant.now()), "updated is never in the future");
            assertTrue(entry.getAlternateLinks().getFirst().getHrefResolved().startsWith("https://status.example.org/"));
        }
        Document xml = wellFormed(answer.body());
        Element root = xml.getDocumentElement();
        assertEquals(ATOM_NS, root.getNamespaceURI());
        assertEquals("feed", root.getLocalName());
        for (String required : List.of("id", "title", "updated", "author")) {
            assertEquals(1, children(root, required).size(), "feed/" + required);
        }
        assertTrue(children(root, "link").stream().anyMatch(link -> link.getAttribute("rel").equals("self")
                && link.getAttribute("href").equals("https://status.example.org/feeds/atom")));
        for (Element entry : children(root, "entry")) {
            for (String required : List.of("id", "title", "updated")) {
                assertEquals(1, children(entry, required).size(), "entry/" + required);
            }
            assertTrue(children(entry, "updated").getFirst().getTextContent().matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), "RFC 3339 date");
        }
    }

    @Test
    void theRssFeedParsesAndHasWhatRss2Requires() throws Exception {
        HttpResponse<String> answer = get("feeds/rss");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/rss+xml"));
        Channel channel = (Channel) new WireFeedInput().build(new StringReader(answer.body()));
        assertEquals("rss_2.0", channel.getFeedType());
        assertEquals("https://status.example.org/", channel.getLink());
        assertFalse(channel.getItems().isEmpty());
        for (Item item : channel.getItems()) {
            assertNotNull(item.getTitle());
            assertFalse(item.getGuid().isPermaLink());
            assertTrue(item.getGuid().getValue().startsWith("urn:uuid:"));
            assertNotNull(item.getPubDate());
        }
        Element root = wellFormed(answer.body()).getDocumentElement();
        assertEquals("rss", root.getTagName());
        assertEquals("2.0", root.getAttribute("version"));
        Element channelElement = children(root, "channel").getFirst();
        for (String required : List.of("title", "link", "description")) {
            assertEquals(1, children(channelElement, required).size(), "channel/" + required);
        }
        assertTrue(children(children(channelElement, "item").getFirst(), "pubDate").getFirst().getTextContent()
                .matches("\\w{3}, \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d (GMT|UTC|[+-]\\d{4})"), "RFC 822 date");
        assertFalse(answer.body().contains("Covert") || answer.body().contains("covert"), answer.body());
    }

    @Test
    void entryIdsAreStableAndUnchangedFeedsAnswer304() throws Exception {
        HttpResponse<String> first = get("feeds/atom");
        HttpResponse<String> second = get("feeds/atom");
        assertEquals(ids(first.body()), ids(second.body()));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(etag, second.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, get("feeds/atom", "If-None-Match", etag).statusCode());
        assertEquals(304, get("feeds/atom", "If-Modified-Since", modified).statusCode());
        assertEquals(200, get("feeds/atom", "If-None-Match", "\"other\"").statusCode());
        assertEquals(ids(first.body()).size(), ((Channel) new WireFeedInput().build(new StringReader(
                get("feeds/rss").body()))).getItems().size(), "the same entries in both formats");
    }

    @Test
    void serviceFeedsHoldTheServiceOnlyAndPrivateOnesAreNotFound() throws Exception {
        Feed feed = (Feed) new WireFeedInput().build(new StringReader(get("feeds/services/target/atom").body()));
        assertTrue(feed.getTitle().contains("Target API"));
        assertEquals(2, feed.getEntries().size(), "its incident and its maintenance window");
        assertEquals(200, get("feeds/services/target/rss").statusCode());
        assertEquals(404, get("feeds/services/covert-db/atom").statusCode());
        assertEquals(404, get("feeds/services/covert-db/rss").statusCode());
    }

    @Test
    void pagesLinkTheirFeedsAsAlternates() throws Exception {
        for (String page : List.of("", "history", "report")) {
            String html = get(page).body();
            assertTrue(html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"./feeds/atom?lang=en\""),
                    page);
            assertTrue(html.contains("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"./feeds/rss?lang=en\""),
                    page);
        }
        String service = get("services/target").body();
        Matcher alternate = Pattern.compile("<link rel=\"alternate\" type=\"application/atom\\+xml\" href=\"([^\"]+)\"")
                .matcher(service);
        List<String> links = new ArrayList<>();
        while (alternate.find()) {
            links.add(alternate.group(1));
        }
        assertEquals(List.of("../feeds/atom?lang=en", "../feeds/services/target/atom?lang=en"), links,
                "relative to the page's root, so that they hold under every page's prefix");
        for (String link : links) {
            java.net.URI resolved = java.net.URI.create("http://x/services/target").resolve(link);
            assertEquals(200, get(resolved.getPath().substring(1) + "?" + resolved.getQuery()).statusCode(), link);
        }
    }

    private static List<String> ids(String atom) throws Exception {
        return ((Feed) new WireFeedInput().build(new StringReader(atom))).getEntries().stream().map(Entry::getId).toList();
    }

    private static Document wellFormed(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name.equals(element.getLocalName()) || name.equals(element.getTagName()))) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<Map<String, String>> csv(String text) throws Exception {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(text)) {
            return rows.readAll();
        }
    }
}
