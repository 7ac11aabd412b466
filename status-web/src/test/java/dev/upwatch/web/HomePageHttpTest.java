package dev.upwatch.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The home page over HTTP: pre-compressed gzip, entity tags and the chart fragment. */
class HomePageHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private FlippableTarget target;
    private WebhookReceiver receiver;
    private UpwatchApplication app;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (target != null) {
            target.close();
            receiver.close();
        }
    }

    @Test
    void theHomePageIsSentGzippedWithAnEntityTagAndRevalidatesWith304() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"), Clock.systemUTC(),
                UpwatchServerTest.fastEngine());
        HttpResponse<byte[]> gzip = http.send(HttpRequest.newBuilder(app.baseUri()).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gzip.statusCode());
        assertEquals("gzip", gzip.headers().firstValue("content-encoding").orElse(""));
        assertEquals("text/html;charset=utf-8", gzip.headers().firstValue("content-type").orElse("")
                .toLowerCase(java.util.Locale.ROOT).replace(" ", ""));
        String page;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(page.startsWith("<!doctype html>") || page.trim().startsWith("<!doctype html>"), page);
        assertTrue(page.contains("data-service-id=\"target\"") && page.trim().endsWith("</html>"));
        String etag = gzip.headers().firstValue("etag").orElseThrow();

        // The monitors keep checking, so the page may change between two requests; it settles between checks.
        UpwatchServerTest.await("a 304 for the current tag, the same tag plain and gzip", Duration.ofSeconds(15), () -> {
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(app.baseUri()).build(), HttpResponse.BodyHandlers.ofString());
            String current = plain.headers().firstValue("etag").orElseThrow();
            HttpResponse<String> revalidated = http.send(HttpRequest.newBuilder(app.baseUri())
                    .header("If-None-Match", current).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofString());
            return plain.body().contains("data-service-id=\"closed\"") && revalidated.statusCode() == 304
                    && revalidated.body().isEmpty() && current.equals(revalidated.headers().firstValue("etag").orElse(""));
        });
        assertTrue(etag.startsWith("\""), etag);
    }

    /**
     * The home page is answered before Jersey from the bytes made once per version: after the target goes down, a
     * client holding the old tag gets the new page (never a 304, never the old cached gzip), plain and gzip carry the
     * same page under one tag, and HEAD answers the headers alone.
     */
    @Test
    void aChangeGivesANewTagAndNewBytesAndNeverTheStaleCachedPage() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"), Clock.systemUTC(),
                UpwatchServerTest.fastEngine());
        String up = "data-service-id=\"target\" data-status=\"up\"";
        String down = "data-service-id=\"target\" data-status=\"down\"";
        UpwatchServerTest.await("the target up on the page", Duration.ofSeconds(15), () -> gunzip(gzipped(null)).contains(up));
        String before = gzipped(null).headers().firstValue("etag").orElseThrow();

        target.answer(500);
        UpwatchServerTest.await("the target down on the page", Duration.ofSeconds(15), () -> gunzip(gzipped(null)).contains(down));

        HttpResponse<byte[]> revalidated = gzipped(before);
        assertEquals(200, revalidated.statusCode(), "the old tag is not the page any more");
        assertTrue(gunzip(revalidated).contains(down), "the new page, not the old cached bytes");
        String after = revalidated.headers().firstValue("etag").orElseThrow();
        assertTrue(!after.equals(before), before + " vs " + after);
        UpwatchServerTest.await("plain and gzip: one page under one tag", Duration.ofSeconds(15), () -> {
            HttpResponse<byte[]> compressed = gzipped(null);
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(app.baseUri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(app.baseUri()).method("HEAD",
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            String tag = compressed.headers().firstValue("etag").orElseThrow();
            return tag.equals(plain.headers().firstValue("etag").orElse("")) && gunzip(compressed).equals(plain.body())
                    && head.statusCode() == 200 && tag.equals(head.headers().firstValue("etag").orElse(""))
                    && head.headers().firstValueAsLong("content-length").orElse(-1)
                    == plain.body().getBytes(StandardCharsets.UTF_8).length;
        });
    }

    private HttpResponse<byte[]> gzipped(String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri()).header("Accept-Encoding", "gzip");
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(HttpResponse<byte[]> response) throws java.io.IOException {
        assertEquals("gzip", response.headers().firstValue("content-encoding").orElse(""));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aServicesChartIsAnHtmlFragmentAndAnUnknownServiceIs404() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        app = UpwatchApplication.start(UpwatchServerTest.config(target, receiver, data, "30s"), Clock.systemUTC(),
                UpwatchServerTest.fastEngine());
        HttpRequest request = HttpRequest.newBuilder(app.baseUri().resolve("services/target/chart?window=7d")).build();
        // The chart reads stored samples: wait until the first check has been written, not only made.
        UpwatchServerTest.await("a stored check of the target", Duration.ofSeconds(15),
                () -> !http.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("No checks in this window"));
        HttpResponse<String> chart = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chart.statusCode());
        assertTrue(chart.body().trim().startsWith("<div class=\"rt-chart\">"), chart.body());
        assertTrue(chart.body().contains("aria-label=\"Response time of Target API over 7d: p50 "), chart.body());
        assertTrue(chart.body().contains("data-window=\"7d\" aria-pressed=\"true\""));
        assertEquals(404, http.send(HttpRequest.newBuilder(app.baseUri().resolve("services/nope/chart")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void theChartIsBuiltFromTheRollupsNotFromRawSamples() throws Exception {
        target = new FlippableTarget();
        receiver = new WebhookReceiver();
        dev.upwatch.web.config.UpwatchConfig config = UpwatchServerTest.config(target, receiver, data, "30s");
        dev.upwatch.core.model.Monitor monitor = config.monitors().getFirst();
        // 20 days of one 250 ms check an hour, known only as rollups: no raw sample of them is stored anywhere.
        dev.upwatch.core.memory.InMemoryRollupStore rollups = new dev.upwatch.core.memory.InMemoryRollupStore();
        dev.upwatch.core.service.RollupRecorder recorder = new dev.upwatch.core.service.RollupRecorder(rollups);
        java.time.Instant now = java.time.Instant.now();
        for (int hour = 20 * 24; hour >= 1; hour--) {
            recorder.record(monitor, new dev.upwatch.core.model.Sample(monitor.id(), now.minus(Duration.ofHours(hour)),
                    Duration.ofMillis(250), dev.upwatch.core.model.Outcome.SUCCESS, java.util.Optional.empty(),
                    java.util.List.of()), dev.upwatch.core.model.Status.UP);
        }
        recorder.flush();
        app = UpwatchApplication.start(java.util.List.of(com.google.inject.util.Modules.override(UpwatchApplication.modules(
                config, Clock.systemUTC(), UpwatchServerTest.fastEngine())).with(binder -> binder
                .bind(dev.upwatch.core.port.RollupStore.class).toInstance(rollups))));
        for (String window : java.util.List.of("24h", "7d", "30d")) {
            String chart = http.send(HttpRequest.newBuilder(app.baseUri().resolve("services/target/chart?window=" + window)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher p50 = java.util.regex.Pattern.compile("over " + window + ": p50 ([0-9]+) ms").matcher(chart);
            assertTrue(p50.find(), chart);
            // The histogram's buckets are a few percent wide; the target's own fast checks are too few to move it.
            assertTrue(Math.abs(Integer.parseInt(p50.group(1)) - 250) <= 15, window + ": " + p50.group());
            assertTrue(chart.contains("class=\"chart-p50\""), "a median line over " + window);
        }
        String page = http.send(HttpRequest.newBuilder(app.baseUri().resolve("services/target?window=30d")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(page.matches("(?s).*over 30d: p50 2[3-6][0-9] ms.*"), "the service page charts the same rollups");
    }
}
