package dev.upwatch.web.page;

import dev.upwatch.core.condition.ConditionParser;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.DailyCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.port.IncidentQuery;
import dev.upwatch.core.port.StatusQuery;
import dev.upwatch.core.service.PageScope;
import dev.upwatch.web.auth.PageAccess;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.i18n.Messages;
import dev.upwatch.web.reader.StatusPage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusPageRenderingTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    private static ServiceStatus service(String name, String group, Status status, Optional<String> error,
                                         Map<UptimeWindow, CheckCounts> counts, List<DailyCounts> days) {
        Monitor monitor = Monitor.builder(MonitorId.of("svc"), name, new ProbeSpec("http", ProbeSettings.empty()))
                .group(group).conditions(List.of(ConditionParser.parse("[STATUS] == 200"))).build();
        Sample last = new Sample(monitor.id(), NOW, Duration.ofMillis(123), error.isPresent() ? Outcome.FAILURE : Outcome.SUCCESS,
                error, List.of());
        return new ServiceStatus(monitor, status, NOW, Optional.of(last), List.of(last.responseTime(), last.responseTime()),
                counts, days);
    }

    static final Messages EN = Messages.of(Locale.ENGLISH);
    private static final RowCache ROWS = new RowCache(new FreemarkerWriter(new AssetCatalog()), EN, "./");

    /** The default page of {@code config}, reading nothing (the views here are given their data). */
    static StatusPage page(PageConfig config) {
        return page(config, NOTHING, NO_INCIDENTS);
    }

    static StatusPage page(PageConfig config, StatusQuery status, IncidentQuery incidents) {
        return new StatusPage(StatusPage.DEFAULT_SLUG, Optional.empty(), config.title(), config.logoUrl(),
                config.accent(), Locale.ENGLISH, PageAccess.OPEN, config, new PageScope(status, incidents, List::of));
    }

    private static StatusPage page(String title) {
        return page(new PageConfig(title, Duration.ofSeconds(30), Optional.empty()));
    }

    private static String render(StatusSnapshot snapshot, String title) throws Exception {
        StatusPageView view = PageViews.statusPage(page(title), EN, live(1, snapshot), ROWS);
        return renderTemplate("index.ftlh", view);
    }

    private static String renderTemplate(String template, Object view) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FreemarkerWriter(new AssetCatalog()).writeTo(new Html(template, view, EN, "./"), Html.class, Html.class,
                new java.lang.annotation.Annotation[0], MediaType.TEXT_HTML_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theServicePageEscapesHostileNamesAndFailureTexts() throws Exception {
        String hostile = "<script>alert('x')</script>\" onmouseover=\"alert(1)";
        ServiceStatus service = service(hostile, "g", Status.DOWN, Optional.of("<img src=x onerror=alert(2)>"), Map.of(), List.of());
        Sample last = service.lastSample().orElseThrow();
        Instant from = NOW.minus(Duration.ofHours(24));
        ServicePageView view = PageViews.servicePage(page("<b>title</b>"), EN, service, TODAY, UptimeWindow.H24, from, NOW,
                dev.upwatch.core.rule.ResponseTimeSeries.of(List.of(last), from, NOW.plusSeconds(1), Duration.ofMinutes(30)),
                dev.upwatch.core.rule.ResponseTimeSeries.overall(List.of(last)), List.of(last), List.of(), List.of());
        String html = renderTemplate("service.ftlh", view);
        assertFalse(html.contains("<script>alert"), "no script injected");
        assertFalse(html.contains("<img src=x"), "probe error text escaped");
        assertFalse(html.contains("\" onmouseover=\"alert(1)"), "attribute quotes escaped");
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("class=\"chart-p50\""), "the chart has a median line");
    }

    private static Sample phased(int second, long dnsMicros, long connectMicros, long tlsMicros, long firstByteMicros,
                                 long transferMicros) {
        Map<String, Duration> phases = new java.util.LinkedHashMap<>();
        phases.put("dns", Duration.ofNanos(dnsMicros * 1_000));
        phases.put("connect", Duration.ofNanos(connectMicros * 1_000));
        phases.put("tls", Duration.ofNanos(tlsMicros * 1_000));
        phases.put("firstByte", Duration.ofNanos(firstByteMicros * 1_000));
        phases.put("transfer", Duration.ofNanos(transferMicros * 1_000));
        return new Sample(MonitorId.of("svc"), NOW.minusSeconds(second), Duration.ofMillis(30), Outcome.SUCCESS,
                Optional.empty(), List.of(), Optional.empty(), phases);
    }

    private static String servicePage(List<Sample> newest) throws Exception {
        ServiceStatus service = service("Api", "g", Status.UP, Optional.empty(), Map.of(), List.of());
        Instant from = NOW.minus(Duration.ofHours(24));
        ServicePageView view = PageViews.servicePage(page("Status"), EN,
                service, TODAY, UptimeWindow.H24, from, NOW,
                dev.upwatch.core.rule.ResponseTimeSeries.of(newest, from, NOW.plusSeconds(1), Duration.ofMinutes(30)),
                dev.upwatch.core.rule.ResponseTimeSeries.overall(newest), newest, List.of(), List.of());
        return renderTemplate("service.ftlh", view);
    }

    @Test
    void inAClusterTheServicePageDrawsALinePerLocationWithOneRenderer() throws Exception {
        ServiceStatus service = service("Api", "g", Status.UP, Optional.empty(), Map.of(), List.of());
        List<Sample> located = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) { // newest first, as read
            located.add(checked(i * 30, 12 + i, "fra"));
            located.add(checked(i * 30 + 1, 80 + i, "nyc"));
        }
        located.add(new Sample(MonitorId.of("svc"), NOW.minusSeconds(200), Duration.ofMillis(500), Outcome.SUCCESS,
                Optional.empty(), List.of())); // packed or from before the cluster: no location, not drawn
        Instant from = NOW.minus(Duration.ofHours(24));
        String html = renderTemplate("service.ftlh", PageViews.servicePage(page("Status"), EN, service, TODAY,
                UptimeWindow.H24, from, NOW, List.of(), Optional.empty(), List.of(), located, List.of()));
        assertTrue(html.contains("Response time by location"), html);
        assertTrue(html.contains("class=\"chart-loc0\""), "fra's line");
        assertTrue(html.contains("class=\"chart-loc1\""), "nyc's line");
        assertTrue(html.contains("<span class=\"legend-loc0\">fra</span> <span class=\"legend-loc1\">nyc</span>"), html);
        assertTrue(html.contains("aria-label=\"Response time of Api over the latest 9 checks: fra p50 13 ms · nyc p50 81 ms\""),
                html);
        assertTrue(html.contains("top 83 ms"), "the slowest located check sets the scale, not the unlocated one");
        assertFalse(html.contains("style="), "no inline styles: the CSP forbids them");

        String alone = servicePage(List.of(checked(0, 5, "fra")));
        assertFalse(alone.contains("Response time by location"), "a process alone reads no located checks");
    }

    private static Sample checked(int secondsAgo, int millis, String location) {
        return new Sample(MonitorId.of("svc"), NOW.minusSeconds(secondsAgo), Duration.ofMillis(millis), Outcome.SUCCESS,
                Optional.empty(), List.of()).from(dev.upwatch.core.model.Location.of(location));
    }

    @Test
    void eachCheckShowsItsTimingPhasesAndThePageTheirMedians() throws Exception {
        String html = servicePage(List.of(
                phased(0, 1_200, 400, 3_100, 20_000, 300),
                phased(30, 1_000, 600, 2_900, 18_000, 500),
                phased(60, 5_000, 500, 3_000, 40_000, 100),
                new Sample(MonitorId.of("svc"), NOW.minusSeconds(90), Duration.ofMillis(30), Outcome.SUCCESS,
                        Optional.empty(), List.of())));
        assertTrue(html.contains("aria-label=\"DNS 1.2 ms, connect 0.4 ms, TLS 3.1 ms, first byte 20 ms, transfer 0.3 ms\""),
                "the first check's bar in words");
        assertTrue(html.contains("<title>DNS 5.0 ms, connect 0.5 ms, TLS 3.0 ms, first byte 40 ms, transfer 0.1 ms</title>"),
                "the third check's bar in words");
        assertTrue(html.contains("Median over 3 checks: DNS 1.2 ms, connect 0.5 ms, TLS 3.0 ms, first byte 20 ms, transfer 0.3 ms"),
                "the medians skip the check without phases");
        assertEquals(4, html.split("<svg class=\"phases", -1).length - 1, "three checks and the summary have a bar");
        assertTrue(html.contains("<td class=\"check-phases\">—</td>"), "a check without phases has none");
        assertTrue(html.contains("<th scope=\"row\" class=\"fw-normal\"><svg class=\"phase-swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect class=\"phase phase-firstByte\" width=\"10\" height=\"10\"/></svg> first byte</th>"),
                "the legend names each phase with its colour");
        // First byte is measured from the start, so it is drawn less DNS, connect and TLS: the slowest check's bar
        // (5 + 0.5 + 3 + 31.5 + 0.1 = 40.1 ms) spans the whole 200 units; its DNS phase 5 ms of it, its first byte 31.5 ms.
        assertTrue(html.contains("<rect class=\"phase phase-dns\" x=\"0.0\" y=\"0\" width=\"24.9\" height=\"10\"/>"), html);
        assertTrue(html.contains("<rect class=\"phase phase-firstByte\" x=\"42.4\" y=\"0\" width=\"157.1\" height=\"10\"/>"), html);
        assertFalse(html.contains("not stored yet"));
        assertFalse(html.contains("style="), "no inline styles: the CSP forbids them");
    }

    @Test
    void aNonHttpMonitorHasNoPhaseSectionEvenWhenItsProbeTimedPhases() throws Exception {
        Monitor monitor = Monitor.builder(MonitorId.of("svc"), "Db", new ProbeSpec("tcp", ProbeSettings.empty())).build();
        Sample connect = new Sample(monitor.id(), NOW, Duration.ofMillis(3), Outcome.SUCCESS, Optional.empty(),
                List.of(), Optional.empty(), Map.of("dns", Duration.ofMillis(1), "connect", Duration.ofMillis(2)));
        ServiceStatus service = new ServiceStatus(monitor, Status.UP, NOW, Optional.of(connect), List.of(connect.responseTime()),
                Map.of(), List.of());
        Instant from = NOW.minus(Duration.ofHours(24));
        String html = renderTemplate("service.ftlh", PageViews.servicePage(page("Status"), EN, service, TODAY,
                UptimeWindow.H24, from, NOW,
                dev.upwatch.core.rule.ResponseTimeSeries.of(List.of(connect), from, NOW.plusSeconds(1), Duration.ofMinutes(30)),
                dev.upwatch.core.rule.ResponseTimeSeries.overall(List.of(connect)), List.of(connect), List.of(), List.of()));
        assertTrue(html.contains("tcp check every"));
        assertFalse(html.contains("phases"), "no phase bars, column or section");
        assertFalse(html.contains("HTTP timing phases"));
    }

    @Test
    void anHttpMonitorWithOnlyOldSamplesHasNoPhaseSection() throws Exception {
        String html = servicePage(List.of(new Sample(MonitorId.of("svc"), NOW, Duration.ofMillis(3), Outcome.SUCCESS,
                Optional.empty(), List.of())));
        assertFalse(html.contains("phases"), "no phase bars, column or section");
    }

    @Test
    void aMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(15, PhaseBars.median(List.of(40L, 10L, 20L, 5L)));
        assertEquals(7, PhaseBars.median(List.of(7L)));
    }

    @Test
    void hostilePhaseNamesAreEscapedAndDrawnInTheNeutralColour() throws Exception {
        Sample custom = new Sample(MonitorId.of("svc"), NOW, Duration.ofMillis(3), Outcome.SUCCESS, Optional.empty(),
                List.of(), Optional.empty(), Map.of("<img src=x onerror=alert(1)>\"", Duration.ofMillis(2)));
        String html = servicePage(List.of(custom));
        assertFalse(html.contains("<img src=x"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot; 2.0 ms"), html);
        assertTrue(html.contains("class=\"phase phase-other\""));
    }

    @Test
    void hostileTextFromTheConfigurationAndTheServiceIsEscapedEverywhere() throws Exception {
        String hostile = "<script>alert('x')</script>\" onmouseover=\"alert(1)";
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.DOWN, List.of(service(hostile, "javascript:alert(1)<b>",
                Status.DOWN, Optional.of("<img src=x onerror=alert(2)>"), Map.of(), List.of())));
        String html = render(snapshot, "<title>" + hostile);
        assertFalse(html.contains("<script>alert"), "no script injected");
        assertFalse(html.contains("<img src=x"), "probe error text escaped");
        assertFalse(html.contains("\" onmouseover=\"alert(1)"), "attribute quotes escaped");
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;alert(1)"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    }

    @Test
    void theBarHasNinetyDaysColouredByUptimeWithDownTimeAndTheDaysIncidents() throws Exception {
        List<DailyCounts> days = List.of(
                new DailyCounts(TODAY, new CheckCounts(2_879, 1, 0)),
                new DailyCounts(TODAY.minusDays(1), new CheckCounts(90, 10, 0)),
                new DailyCounts(TODAY.minusDays(89), new CheckCounts(100, 0, 3)));
        List<StatusPageView.BarCellView> bar = PageViews.bar(EN, days, TODAY, Duration.ofSeconds(30),
                Map.of(TODAY.minusDays(1), List.of("Database failover", "Slow logins")));
        assertEquals(90, bar.size());
        assertEquals(new StatusPageView.BarCellView("ok", "99.96% uptime, 1 min down", true), bar.get(89));
        assertEquals("bad", bar.get(88).level());
        assertEquals("90.00% uptime, 5 min down. Incidents: Database failover; Slow logins", bar.get(88).text());
        assertEquals("ok", bar.get(0).level());
        assertEquals("100% uptime, 0 min down", bar.get(0).text());
        assertFalse(bar.get(0).hasNews(), "a perfect day needs no text on the page");
        assertEquals("none", bar.get(1).level());
        assertEquals("no data", bar.get(1).text());
        assertFalse(bar.get(1).hasNews(), "nor does a day without data");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 30, 0",
            "1, 30, 1",        // any failure is at least a minute
            "10, 30, 5",
            "3, 3600, 180",
            "100, 3600, 1440", // never more than the day
    })
    void downTimeIsFailedChecksTimesTheInterval(long failures, long intervalSeconds, long minutes) {
        assertEquals(minutes, dev.upwatch.core.rule.UptimeCalculator.downMinutes(failures, Duration.ofSeconds(intervalSeconds)));
    }

    @Test
    void aRowCarriesTextOnlyForDaysWithNewsAndTodaysFullLabel() {
        ServiceStatus service = service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of(
                new DailyCounts(TODAY, new CheckCounts(100, 0, 0)),
                new DailyCounts(TODAY.minusDays(2), new CheckCounts(99, 1, 0))));
        String html = new RowCache(new FreemarkerWriter(new AssetCatalog()), EN, "./").html(service, TODAY,
                UptimeWindow.H24, Map.of(TODAY.minusDays(2), List.of("<b>Outage</b>")));
        assertEquals(90, html.split("<i", -1).length - 1, "one cell per day");
        assertTrue(html.contains("data-t=\"99.00% uptime, 1 min down. Incident: &lt;b&gt;Outage&lt;/b&gt;\""), html);
        assertEquals(1, html.split("data-t=", -1).length - 1, "only the day with news carries text");
        assertTrue(html.contains("tabindex=\"0\" role=\"img\" data-d=\"2026-11-24\" aria-label=\"Nov 24, 2026: 100% uptime,"
                + " 0 min down\""), html);
        assertTrue(html.contains("over the last 90 days: 1 day with failed checks"), "the bar's label counts the bad days");
    }

    @ParameterizedTest
    @CsvSource({
            "100.0, 100%",
            "99.996, 99.99%",   // never rounds up to a better figure
            "99.99, 99.99%",
            "0.0, 0.00%",
    })
    void uptimeIsPrintedWithoutFlattery(double percent, String text) {
        assertEquals(text, EN.percent(java.util.OptionalDouble.of(percent)));
    }

    @Test
    void groupsKeepConfigurationOrderAndTheWorstStatus() throws Exception {
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.DEGRADED, List.of(
                service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of()),
                service("B", "Core", Status.DEGRADED, Optional.empty(), Map.of(), List.of())));
        StatusPageView view = PageViews.statusPage(page("T"), EN, live(1, snapshot), ROWS);
        assertEquals(List.of("Edge", "Core"), view.groups().stream().map(StatusPageView.GroupView::name).toList());
        assertEquals("degraded", view.groups().get(1).status());
        assertEquals("Degraded performance", view.summary());
        assertEquals("Nov 24, 2026, 12:00:00\u202fPM UTC", view.updatedAt().text());
        assertEquals("2026-11-24T12:00:00Z", view.updatedAt().datetime());
    }

    @Test
    void configuredLogoLinksAndFooterAreEscapedAndTheDefaultWindowComesFirst() throws Exception {
        PageConfig page = new PageConfig("T", Duration.ofSeconds(30), Optional.empty(),
                Optional.of(java.net.URI.create("https://cdn.example.test/logo.svg?a=1&b=%22")),
                List.of(new PageConfig.Link("<i>Docs</i>\" onclick=\"x", java.net.URI.create("/docs?q=%3Cscript%3E"))),
                Optional.of("<script>alert(3)</script> © Acme"), UptimeWindow.D30, List.of());
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.UP, List.of(
                service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of())));
        StatusPageView view = PageViews.statusPage(page(page), EN, live(1, snapshot), ROWS);
        assertEquals(List.of("30d", "24h", "7d", "90d", "365d"), PageViews.row(EN, snapshot.services().get(0), TODAY,
                UptimeWindow.D30, Map.of()).uptime().stream().map(StatusPageView.UptimeView::window).toList());
        assertTrue(view.groups().get(0).rows().get(0).indexOf("data-window=\"30d\"") < view.groups().get(0).rows().get(0)
                .indexOf("data-window=\"24h\""), "the default window comes first on the page");
        String html = renderTemplate("index.ftlh", view);
        assertTrue(html.contains("src=\"https://cdn.example.test/logo.svg?a=1&amp;b=%22\""), "logo URL escaped");
        assertTrue(html.contains("&lt;i&gt;Docs&lt;/i&gt;&quot; onclick=&quot;x"), "link text escaped");
        assertFalse(html.contains("<i>Docs"));
        assertFalse(html.contains("<script>alert(3)"));
        assertTrue(html.contains("&lt;script&gt;alert(3)&lt;/script&gt; © Acme"));
    }

    @Test
    void aRowIsRenderedOncePerChangeOfItsService() {
        RowCache rows = new RowCache(new FreemarkerWriter(new AssetCatalog()), EN, "./");
        ServiceStatus up = service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of());
        String first = rows.html(up, TODAY, UptimeWindow.H24, Map.of());
        assertTrue(first == rows.html(up, TODAY, UptimeWindow.H24, Map.of()), "the same status object: the cached text");
        ServiceStatus down = service("A", "Edge", Status.DOWN, Optional.of("refused"), Map.of(), List.of());
        String changed = rows.html(down, TODAY, UptimeWindow.H24, Map.of());
        assertTrue(changed.contains("data-status=\"down\"") && changed.contains("refused"), "a new status object: rendered again");
        assertFalse(rows.html(down, TODAY.plusDays(1), UptimeWindow.H24, Map.of()).equals(changed), "a new day moves the bar");
    }

    private static String gunzip(byte[] gzip) throws Exception {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pagesOfMoreThanTwentyServicesOpenCompact() {
        List<ServiceStatus> services = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            services.add(numbered(i));
        }
        StatusPage page = page("T");
        FreemarkerWriter templates = new FreemarkerWriter(new AssetCatalog());
        StatusPageView large = PageViews.statusPage(page, EN, live(1, services), new RowCache(templates, EN, "./"));
        StatusPageView small = PageViews.statusPage(page, EN, live(1, services.subList(0, 20)),
                new RowCache(templates, EN, "./"));
        assertTrue(large.compact() && !small.compact(), "compact above 20 services");
        assertTrue(templates.render("index.ftlh", large, EN, "./").contains(
                "<div id=\"services\" class=\"services compact\">"));
        assertTrue(templates.render("index.ftlh", small, EN, "./").contains("<div id=\"services\" class=\"services\">"));
    }

    @Test
    void aDegradedRowSaysWhy() {
        Monitor monitor = Monitor.builder(MonitorId.of("svc"), "Slow", new ProbeSpec("http", ProbeSettings.empty()))
                .degradedAbove(Duration.ofMillis(300)).build();
        ServiceStatus slow = new ServiceStatus(monitor, Status.DEGRADED, NOW, Optional.of(new Sample(monitor.id(), NOW,
                Duration.ofMillis(622), Outcome.SUCCESS, Optional.empty(), List.of())), List.of(), Map.of(), List.of());
        assertEquals("response time 622 ms above 300ms", PageViews.row(EN, slow, TODAY, UptimeWindow.H24, Map.of())
                .reason());
        assertTrue(ROWS.html(slow, TODAY, UptimeWindow.H24, Map.of()).contains(
                "<span class=\"reason\">response time 622 ms above 300ms</span>"));
    }

    /** The home page's renderer alone (it reads nothing but the snapshot). */
    static LivePages homeOnly(FreemarkerWriter templates) {
        return homeOnly(templates, dev.upwatch.web.render.Renderer.inline());
    }

    /** The home page's renderer alone, rendering on {@code renderer}. */
    static LivePages homeOnly(FreemarkerWriter templates, dev.upwatch.web.render.Renderer renderer) {
        return new LivePages(page(new PageConfig("T", Duration.ofSeconds(30), Optional.empty())), EN, templates,
                renderer);
    }

    /** A status view that has no services and must not be asked for a snapshot. */
    private static final StatusQuery NOTHING = fixed(null);

    /** A status view of {@code snapshot}; null: one that must not be asked for a snapshot. */
    static StatusQuery fixed(StatusSnapshot snapshot) {
        return new StatusQuery() {
            @Override
            public StatusSnapshot snapshot() {
                if (snapshot == null) {
                    throw new UnsupportedOperationException();
                }
                return snapshot;
            }

            @Override
            public Optional<ServiceStatus> service(MonitorId id) {
                return snapshot == null ? Optional.empty()
                        : snapshot.services().stream().filter(s -> s.monitor().id().equals(id)).findFirst();
            }

            @Override
            public List<Sample> recentSamples(MonitorId id, int limit) {
                return List.of();
            }

            @Override
            public List<dev.upwatch.core.model.Rollup> rollups(MonitorId id, dev.upwatch.core.model.RollupTier tier,
                                                               Instant from, Instant to) {
                return List.of();
            }
        };
    }

    /** No incidents. */
    static final IncidentQuery NO_INCIDENTS = new IncidentQuery() {
            @Override
            public List<dev.upwatch.core.model.Incident> active() {
                return List.of();
            }

            @Override
            public List<dev.upwatch.core.model.Incident> between(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public List<dev.upwatch.core.model.Incident> forService(MonitorId monitorId, int limit) {
                return List.of();
            }

            @Override
            public Optional<dev.upwatch.core.model.Incident> find(dev.upwatch.core.model.IncidentId id) {
                return Optional.empty();
            }
        };

    /** A service with its own id (the rows of one page need distinct ids). */
    static ServiceStatus numbered(int number) {
        ServiceStatus service = service("Service " + number, "Group " + (number / 30), Status.UP, Optional.empty(),
                Map.of(), List.of());
        Monitor monitor = Monitor.builder(MonitorId.of("s" + number), service.monitor().name(), service.monitor().probe())
                .group(service.monitor().group()).build();
        Sample last = service.lastSample().orElseThrow();
        return new ServiceStatus(monitor, service.status(), NOW, Optional.of(new Sample(monitor.id(), NOW,
                last.responseTime(), last.outcome(), last.error(), List.of())), service.recentResponseTimes(), Map.of(),
                List.of());
    }

    static LiveSnapshot live(long version, List<ServiceStatus> services) {
        return live(version, new StatusSnapshot(NOW, Status.UP, services));
    }

    static LiveSnapshot live(long version, StatusSnapshot snapshot) {
        return new LiveSnapshot("test", version, snapshot, Map.of(), NOW, List.of(), List.of(), List.of(), Map.of(),
                List.of(), 0, NOW);
    }

    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("<!--live:[^>]*-->|<!--/live-->");

    @Test
    void theCachedPageIsTheRenderedPageAndRecompressesOnlyTheChunksThatChanged() throws Exception {
        FreemarkerWriter templates = new FreemarkerWriter(new AssetCatalog());
        LivePages pages = homeOnly(templates);
        List<ServiceStatus> services = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            services.add(numbered(i));
        }
        LivePage first = pages.home(live(1, services));
        String expected = MARKS.matcher(templates.render("index.ftlh", PageViews.statusPage(page("T"), EN,
                live(1, services), new RowCache(templates, EN, "./")), EN, "./", "test-1")).replaceAll("");
        assertEquals(expected, new String(first.html(), StandardCharsets.UTF_8), "the same page as rendered whole");
        assertEquals(expected, gunzip(first.gzip()), "the joined chunks are one valid gzip stream");
        assertTrue(first == pages.home(live(1, services)), "the same version: the same page");

        ServiceStatus renamed = numbered(40);
        services.set(40, new ServiceStatus(Monitor.builder(renamed.monitor().id(), "Service 40 renamed",
                renamed.monitor().probe()).group("Group 1").build(), Status.UP, NOW, renamed.lastSample(),
                renamed.recentResponseTimes(), Map.of(), List.of()));
        LivePage second = pages.home(live(2, services));
        assertEquals(List.of("service-s40", "live-version"), second.changesSince(1).stream()
                .map(LivePage.Piece::id).toList(), "the changed row, and the version");
        assertEquals(MARKS.matcher(templates.render("index.ftlh", PageViews.statusPage(page("T"), EN,
                live(2, services), new RowCache(templates, EN, "./")), EN, "./", "test-2")).replaceAll(""),
                gunzip(second.gzip()));
        assertFalse(second.etag().equals(first.etag()), "a new entity tag");
        assertTrue(second.patchableFrom(1), "nothing outside the fragments changed");
        assertEquals(2, second.since().get("service-s40"));
        assertEquals(1, second.since().get("service-s41"), "an unchanged row keeps its version");

        services.remove(99);
        assertFalse(pages.home(live(3, services)).patchableFrom(2), "a service left: an open page reloads");
    }

    @Test
    void aChangeReachesTheHomePageRenderedOffTheRequestPath() throws Exception {
        FreemarkerWriter templates = new FreemarkerWriter(new AssetCatalog());
        LivePages pages = homeOnly(templates, dev.upwatch.web.render.Renderer.threads(1));
        List<ServiceStatus> services = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            services.add(numbered(i));
        }
        LivePage first = pages.latestHome(live(1, services));
        assertEquals(1, first.version(), "the first request waits for the first render");
        ServiceStatus renamed = numbered(7);
        services.set(7, new ServiceStatus(Monitor.builder(renamed.monitor().id(), "Service 7 renamed",
                renamed.monitor().probe()).group("Group 0").build(), Status.UP, NOW, renamed.lastSample(),
                renamed.recentResponseTimes(), Map.of(), List.of()));
        LiveSnapshot second = live(2, services);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        LivePage answer = pages.latestHome(second);
        while (answer.version() < 2) {
            assertTrue(answer == first, "until the render is done, the last render");
            assertTrue(System.nanoTime() < deadline, "version 2 did not reach the page within 10 s");
            Thread.yield();
            answer = pages.latestHome(second);
        }
        assertTrue(gunzip(answer.gzip()).contains("Service 7 renamed"));
        assertEquals(List.of("service-s7", "live-version"), answer.changesSince(1).stream()
                .map(LivePage.Piece::id).toList(), "the stream sends an open page what the fresh load shows");
        assertTrue(answer == pages.home(second), "the stream and the request get the same render");
    }

    @Test
    void onlyChecksThatChangeNoStatusMayLagOnTheHomePage() {
        List<ServiceStatus> services = List.of(numbered(0), numbered(1));
        LiveSnapshot rendered = live(1, services);
        ServiceStatus checked = numbered(1);
        ServiceStatus faster = new ServiceStatus(services.get(1).monitor(), Status.UP, NOW, checked.lastSample(),
                List.of(Duration.ofMillis(1)), Map.of(), List.of());
        assertTrue(LivePages.onlyChecksChanged(rendered, live(2, List.of(services.get(0), faster))),
                "a check with a new response time may lag");
        ServiceStatus refused = new ServiceStatus(services.get(1).monitor(), Status.UP, NOW, Optional.of(new Sample(
                services.get(1).monitor().id(), NOW, Duration.ZERO, Outcome.BLOCKED,
                Optional.of("blocked by egress policy: 127.0.0.1 is a loopback address"), List.of())), List.of(),
                Map.of(), List.of());
        assertFalse(LivePages.onlyChecksChanged(rendered, live(2, List.of(services.get(0), refused))),
                "a check that changes no status but the row's reason (a refusal)");
        ServiceStatus down = new ServiceStatus(services.get(1).monitor(), Status.DOWN, NOW, checked.lastSample(),
                List.of(), Map.of(), List.of());
        assertFalse(LivePages.onlyChecksChanged(rendered, live(2, List.of(services.get(0), down))), "a status change");
        assertFalse(LivePages.onlyChecksChanged(rendered, live(2, List.of(services.get(0), numbered(1)))),
                "an edited monitor (a new monitor object)");
        assertFalse(LivePages.onlyChecksChanged(rendered, live(2, List.of(services.get(1), services.get(0)))),
                "services moved");
        LiveSnapshot incident = new LiveSnapshot("test", 2, rendered.status(), Map.of(), NOW, List.of(), List.of(),
                List.of(), Map.of(), List.of(), 1, NOW);
        assertFalse(LivePages.onlyChecksChanged(rendered, incident), "an incident changed");
    }

    @Test
    void anEmptyPageIsCachedToo() throws Exception {
        LivePage page = homeOnly(new FreemarkerWriter(new AssetCatalog())).home(live(1, List.of()));
        assertEquals(new String(page.html(), StandardCharsets.UTF_8), gunzip(page.gzip()));
    }
}
