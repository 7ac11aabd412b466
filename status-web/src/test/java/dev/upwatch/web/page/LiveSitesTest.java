package dev.upwatch.web.page;

import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.reader.StatusPage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSitesTest {

    @Test
    void theHomeRenderedAtStartIsWhatTheFirstRequestGetsWithoutRenderingAgain() {
        List<ServiceStatus> services = IntStream.range(0, 40).mapToObj(StatusPageRenderingTest::numbered).toList();
        StatusPage page = StatusPageRenderingTest.page(new PageConfig("Start", Duration.ofSeconds(30), Optional.empty()),
                StatusPageRenderingTest.fixed(new StatusSnapshot(StatusPageRenderingTest.NOW, Status.UP, services)),
                StatusPageRenderingTest.NO_INCIDENTS);
        Clock clock = Clock.fixed(StatusPageRenderingTest.NOW, ZoneOffset.UTC);
        LiveSignal signal = new LiveSignal();
        LiveSites sites = new LiveSites(new BarIncidents(StatusPageRenderingTest.NO_INCIDENTS, clock, signal), List::of,
                signal, clock, new FreemarkerWriter(new AssetCatalog()), dev.upwatch.web.render.Renderer.inline());

        sites.renderHome(page); // what the start does while its listener opens

        LivePages pages = sites.pages(page, page.language()); // a request that asks for no language
        int compressedAtStart = pages.lastCompressedChunks();
        assertTrue(compressedAtStart > 0, "the start's render compressed the page's chunks");
        LivePage answered = pages.latestHome(sites.snapshots(page).current());
        assertEquals(compressedAtStart, pages.lastCompressedChunks(),
                "the request rendered nothing (a render of the same rows would have compressed none)");
        String html = new String(answered.html(), StandardCharsets.UTF_8);
        assertTrue(html.contains("data-service-id=\"s0\"") && html.contains("data-service-id=\"s39\""),
                "every service's row");
    }
}
