package dev.upwatch.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.web.render.Renderer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The summary document rebuilt piecewise ({@link StatusDocument}): its bytes are those of the whole document
 * serialized at once, its gzip holds the same bytes, a rebuild keeps the JSON of unchanged services, and no caller
 * waits for another's rebuild.
 */
class StatusDocumentTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new Jdk8Module()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ApiRepresentations.Today TODAY = new ApiRepresentations.Today(DAY, Map.of());
    private static final List<MaintenanceJson> MAINTENANCE = List.of(new MaintenanceJson("Database upgrade",
            List.of("m3"), NOW.plusSeconds(3_600), NOW.plusSeconds(7_200), false, "in 1 hour"));

    /** What the document reads when it renders: set by the test. */
    private final AtomicReference<StatusDocument.Inputs> inputs = new AtomicReference<>();
    private final AtomicReference<Supplier<ApiRepresentations.Today>> today = new AtomicReference<>(() -> TODAY);

    private StatusDocument document(Renderer renderer) {
        return new StatusDocument(JSON, inputs::get, () -> today.get().get(), renderer);
    }

    /** The document for a caller that saw {@code snapshot} (what the document then reads, too). */
    private StatusDocument.Rendered latest(StatusDocument document, StatusSnapshot snapshot,
                                           List<MaintenanceJson> maintenance, LocalDate date) {
        inputs.set(new StatusDocument.Inputs(snapshot, maintenance, date));
        return document.latest(inputs.get());
    }

    @Test
    void theBytesAreTheWholeDocumentSerializedAtOnceBeforeAndAfterAServiceChanges() throws IOException {
        List<ServiceStatus> services = services(100); // four runs of 32 and a shorter one
        StatusDocument document = document(Renderer.inline());
        StatusSnapshot first = new StatusSnapshot(NOW, Status.UP, services);
        StatusDocument.Rendered before = latest(document, first, MAINTENANCE, DAY);
        assertWhole(first, before);

        List<ServiceStatus> changed = new ArrayList<>(services);
        changed.set(40, service(40, Status.DOWN, 900));
        StatusSnapshot second = new StatusSnapshot(NOW.plusSeconds(1), Status.DOWN, changed);
        StatusDocument.Rendered after = latest(document, second, MAINTENANCE, DAY);
        assertWhole(second, after);
        assertNotEquals(before.etag(), after.etag());
        assertSame(before.fragments().get(39), after.fragments().get(39), "an unchanged service is not serialized again");
        assertNotSame(before.fragments().get(40), after.fragments().get(40));
        // Chunks: the head, runs of 32 services (0-31, 32-63, 64-95, 96-99), the tail.
        assertSame(before.chunks().get(1), after.chunks().get(1), "a run of unchanged services is not compressed again");
        assertNotSame(before.chunks().get(2), after.chunks().get(2));
        assertNotSame(before.chunks().get(3), after.chunks().get(3), "the run after refers back into the changed one");
        assertSame(before.chunks().get(4), after.chunks().get(4));
        assertSame(after, latest(document, second, MAINTENANCE, DAY), "same services: the same document");
    }

    @Test
    void todaysIncidentTitlesChangingSerializesEveryServiceAgain() throws IOException {
        List<ServiceStatus> services = services(40);
        StatusDocument document = document(Renderer.inline());
        StatusSnapshot snapshot = new StatusSnapshot(NOW, Status.UP, services);
        StatusDocument.Rendered before = latest(document, snapshot, List.of(), DAY);
        ApiRepresentations.Today titled = new ApiRepresentations.Today(DAY, Map.of(MonitorId.of("m7"), List.of("Outage")));
        today.set(() -> titled);
        StatusDocument.Rendered after = latest(document, snapshot, List.of(), DAY.plusDays(1));

        assertNotSame(before, after);
        assertArrayEquals(JSON.writeValueAsBytes(ApiRepresentations.status(snapshot, List.of(), titled)), after.json());
        assertNotSame(before.fragments().get(0), after.fragments().get(0));
    }

    @Test
    void whileOneCallerRebuildsTheOthersAreAnsweredTheLastDocumentWithoutWaiting() throws Exception {
        StatusDocument document = document(Renderer.threads(1));
        StatusSnapshot first = new StatusSnapshot(NOW, Status.UP, services(10));
        StatusDocument.Rendered last = latest(document, first, List.of(), DAY);
        List<ServiceStatus> changed = new ArrayList<>(first.services());
        changed.set(3, service(3, Status.DOWN, 900));
        StatusSnapshot second = new StatusSnapshot(NOW.plusSeconds(1), Status.DOWN, changed);

        CountDownLatch rebuilding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        today.set(() -> {
            rebuilding.countDown();
            await(release);
            return TODAY;
        });
        CompletableFuture<StatusDocument.Rendered> rebuilder = CompletableFuture.supplyAsync(
                () -> latest(document, second, List.of(), DAY));
        try {
            assertTrue(rebuilding.await(10, TimeUnit.SECONDS), "the first caller's render began");
            // This caller sees the new snapshot too, and is answered the last document at once instead of waiting.
            assertSame(last, latest(document, second, List.of(), DAY));
        } finally {
            release.countDown();
        }
        StatusDocument.Rendered rebuilt = rebuilder.get(10, TimeUnit.SECONDS);
        assertWhole(second, rebuilt);
        assertSame(rebuilt, latest(document, second, List.of(), DAY));
    }

    @Test
    void aCallerThatFindsNoRenderRunningWaitsForTheChangeItSaw() throws IOException {
        // The summary keeps read-your-writes: programs poll it right after a push or a check.
        StatusDocument document = document(Renderer.threads(1));
        StatusSnapshot first = new StatusSnapshot(NOW, Status.UP, services(10));
        latest(document, first, List.of(), DAY);
        List<ServiceStatus> changed = new ArrayList<>(first.services());
        changed.set(3, service(3, Status.DOWN, 900));
        StatusSnapshot second = new StatusSnapshot(NOW.plusSeconds(1), Status.DOWN, changed);
        assertWhole(second, latest(document, second, List.of(), DAY));
    }

    private static void assertWhole(StatusSnapshot snapshot, StatusDocument.Rendered rendered) throws IOException {
        byte[] whole = JSON.writeValueAsBytes(ApiRepresentations.status(snapshot, rendered.maintenance(), TODAY));
        assertArrayEquals(whole, rendered.json());
        assertEquals(whole.length, rendered.length());
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(rendered.gzip()))) {
            assertArrayEquals(whole, gzip.readAllBytes());
        }
    }

    private static List<ServiceStatus> services(int count) {
        List<ServiceStatus> services = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            services.add(service(i, Status.UP, 20 + i));
        }
        return services;
    }

    private static ServiceStatus service(int i, Status status, long millis) {
        Monitor monitor = Monitor.builder(MonitorId.of("m" + i), "Service \"" + i + "\" ü",
                new ProbeSpec("http", ProbeSettings.empty())).build();
        return new ServiceStatus(monitor, status, NOW, Optional.of(new Sample(monitor.id(), NOW,
                Duration.ofMillis(millis), status == Status.UP ? Outcome.SUCCESS : Outcome.FAILURE, Optional.empty(),
                List.of())), List.of(), Map.of(), List.of());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
