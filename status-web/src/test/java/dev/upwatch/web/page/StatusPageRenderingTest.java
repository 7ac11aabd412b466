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
import dev.upwatch.core.probe.ProbeSettings;
import dev.upwatch.core.probe.ProbeSpec;
import dev.upwatch.web.config.PageConfig;
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
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusPageRenderingTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
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

    private static final RowCache ROWS = new RowCache(new FreemarkerWriter(new AssetCatalog()));

    private static String render(StatusSnapshot snapshot, String title) throws Exception {
        StatusPageView view = PageViews.statusPage(new PageConfig(title, Duration.ofSeconds(30), Optional.empty()), snapshot, TODAY, ROWS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FreemarkerWriter(new AssetCatalog()).writeTo(new Html("index.ftlh", view), Html.class, Html.class,
                new java.lang.annotation.Annotation[0], MediaType.TEXT_HTML_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String renderTemplate(String template, Object view) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FreemarkerWriter(new AssetCatalog()).writeTo(new Html(template, view), Html.class, Html.class,
                new java.lang.annotation.Annotation[0], MediaType.TEXT_HTML_TYPE, new MultivaluedHashMap<>(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theServicePageEscapesHostileNamesAndFailureTexts() throws Exception {
        String hostile = "<script>alert('x')</script>\" onmouseover=\"alert(1)";
        ServiceStatus service = service(hostile, "g", Status.DOWN, Optional.of("<img src=x onerror=alert(2)>"), Map.of(), List.of());
        Sample last = service.lastSample().orElseThrow();
        Instant from = NOW.minus(Duration.ofHours(24));
        ServicePageView view = PageViews.servicePage(new PageConfig("<b>title</b>", Duration.ofSeconds(30), Optional.empty()), service, TODAY, UptimeWindow.H24, from, NOW,
                dev.upwatch.core.rule.ResponseTimeSeries.of(List.of(last), from, NOW.plusSeconds(1), Duration.ofMinutes(30)),
                List.of(last), List.of(last));
        String html = renderTemplate("service.ftlh", view);
        assertFalse(html.contains("<script>alert"), "no script injected");
        assertFalse(html.contains("<img src=x"), "probe error text escaped");
        assertFalse(html.contains("\" onmouseover=\"alert(1)"), "attribute quotes escaped");
        assertFalse(html.contains("<b>"));
        assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("class=\"chart-p50\""), "the chart has a median line");
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
    void theBarHasNinetyDaysColouredByUptimeWithReadableLabels() throws Exception {
        List<DailyCounts> days = List.of(
                new DailyCounts(TODAY, new CheckCounts(2_879, 1, 0)),
                new DailyCounts(TODAY.minusDays(1), new CheckCounts(90, 10, 0)),
                new DailyCounts(TODAY.minusDays(89), new CheckCounts(100, 0, 3)));
        List<StatusPageView.BarCellView> bar = PageViews.bar(days, TODAY);
        assertEquals(90, bar.size());
        assertEquals(new StatusPageView.BarCellView(445, "ok", "2026-11-24: 99.96% uptime, 1 failed check of 2880"), bar.get(89));
        assertEquals("bad", bar.get(88).level());
        assertEquals("2026-11-23: 90.00% uptime, 10 failed checks of 100", bar.get(88).label());
        assertEquals("ok", bar.get(0).level());
        assertEquals("none", bar.get(1).level());
        assertEquals("2026-08-28: no data", bar.get(1).label());
    }

    @ParameterizedTest
    @CsvSource({
            "100.0, 100%",
            "99.996, 99.99%",   // never rounds up to a better figure
            "99.99, 99.99%",
            "0.0, 0.00%",
    })
    void uptimeIsPrintedWithoutFlattery(double percent, String text) {
        assertEquals(text, PageViews.percent(java.util.OptionalDouble.of(percent)));
    }

    @Test
    void groupsKeepConfigurationOrderAndTheWorstStatus() throws Exception {
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.DEGRADED, List.of(
                service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of()),
                service("B", "Core", Status.DEGRADED, Optional.empty(), Map.of(), List.of())));
        StatusPageView view = PageViews.statusPage(new PageConfig("T", Duration.ofSeconds(30), Optional.empty()), snapshot, TODAY, ROWS);
        assertEquals(List.of("Edge", "Core"), view.groups().stream().map(StatusPageView.GroupView::name).toList());
        assertEquals("degraded", view.groups().get(1).status());
        assertEquals("Degraded performance", view.summary());
        assertEquals("2026-11-24 12:00:00 UTC", view.updatedAtText());
    }

    @Test
    void configuredLogoLinksAndFooterAreEscapedAndTheDefaultWindowComesFirst() throws Exception {
        PageConfig page = new PageConfig("T", Duration.ofSeconds(30), Optional.empty(),
                Optional.of(java.net.URI.create("https://cdn.example.test/logo.svg?a=1&b=%22")),
                List.of(new PageConfig.Link("<i>Docs</i>\" onclick=\"x", java.net.URI.create("/docs?q=%3Cscript%3E"))),
                Optional.of("<script>alert(3)</script> © Acme"), UptimeWindow.D30, List.of());
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.UP, List.of(
                service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of())));
        StatusPageView view = PageViews.statusPage(page, snapshot, TODAY, ROWS);
        assertEquals(List.of("30d", "24h", "7d", "90d", "365d"), PageViews.row(snapshot.services().get(0), TODAY, UptimeWindow.D30)
                .uptime().stream().map(StatusPageView.UptimeView::window).toList());
        assertTrue(view.groups().get(0).rows().get(0).indexOf("data-window=\"30d\"") < view.groups().get(0).rows().get(0)
                .indexOf("data-window=\"24h\""), "the default window comes first on the page");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FreemarkerWriter(new AssetCatalog()).writeTo(new Html("index.ftlh", view), Html.class, Html.class,
                new java.lang.annotation.Annotation[0], MediaType.TEXT_HTML_TYPE, new MultivaluedHashMap<>(), out);
        String html = out.toString(StandardCharsets.UTF_8);
        assertTrue(html.contains("src=\"https://cdn.example.test/logo.svg?a=1&amp;b=%22\""), "logo URL escaped");
        assertTrue(html.contains("&lt;i&gt;Docs&lt;/i&gt;&quot; onclick=&quot;x"), "link text escaped");
        assertFalse(html.contains("<i>Docs"));
        assertFalse(html.contains("<script>alert(3)"));
        assertTrue(html.contains("&lt;script&gt;alert(3)&lt;/script&gt; © Acme"));
    }

    @Test
    void aRowIsRenderedOncePerChangeOfItsService() {
        RowCache rows = new RowCache(new FreemarkerWriter(new AssetCatalog()));
        ServiceStatus up = service("A", "Edge", Status.UP, Optional.empty(), Map.of(), List.of());
        String first = rows.html(up, TODAY, UptimeWindow.H24);
        assertTrue(first == rows.html(up, TODAY, UptimeWindow.H24), "the same status object: the cached text");
        ServiceStatus down = service("A", "Edge", Status.DOWN, Optional.of("refused"), Map.of(), List.of());
        String changed = rows.html(down, TODAY, UptimeWindow.H24);
        assertTrue(changed.contains("data-status=\"down\"") && changed.contains("refused"), "a new status object: rendered again");
        assertFalse(rows.html(down, TODAY.plusDays(1), UptimeWindow.H24).equals(changed), "a new day moves the bar");
    }
}
