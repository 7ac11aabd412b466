package dev.upwatch.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.upwatch.core.model.CheckCounts;
import dev.upwatch.core.model.Monitor;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.ProbeSettings;
import dev.upwatch.core.model.ProbeSpec;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.model.ServiceStatus;
import dev.upwatch.core.model.Status;
import dev.upwatch.core.model.StatusSnapshot;
import dev.upwatch.core.model.UptimeWindow;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Not a test: what one rebuild of the summary document ({@code /api/v1/status}) costs after one service changed, in
 * this thread's CPU time (which busy shared machines distort less than wall time): the whole document serialized,
 * compressed and hashed at once (before issue #19's change), then {@link StatusDocument} (services kept, runs
 * compressed only where changed, tag hashed from the gzip bytes). Run with
 * {@code ./mvnw -q -pl status-web -am test-compile -Pbench -Dbench.main=dev.upwatch.web.api.SummaryRebuildBenchmark}.
 */
public final class SummaryRebuildBenchmark {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private SummaryRebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.services", 1000);
        int rounds = 1_000;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ApiRepresentations.Today today = new ApiRepresentations.Today(LocalDate.of(2026, 12, 7), Map.of());
        List<MaintenanceJson> maintenance = List.of();
        for (int pass = 0; pass < 2; pass++) { // the first pass warms the JIT up
            for (boolean piecewise : new boolean[] {false, true}) {
                List<ServiceStatus> services = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    services.add(service(i, 20 + i % 300));
                }
                java.util.concurrent.atomic.AtomicReference<StatusDocument.Inputs> inputs =
                        new java.util.concurrent.atomic.AtomicReference<>();
                StatusDocument document = new StatusDocument(json, inputs::get, () -> today,
                        dev.upwatch.web.render.Renderer.inline());
                Random random = new Random(7);
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long[] cpu = new long[rounds];
                int plain = 0;
                int gzip = 0;
                for (int round = 0; round < rounds; round++) {
                    int i = random.nextInt(count);
                    services.set(i, service(i, 20 + random.nextInt(300)));
                    StatusSnapshot snapshot = new StatusSnapshot(NOW.plusMillis(round), Status.UP, List.copyOf(services));
                    long start = threads.getCurrentThreadCpuTime();
                    if (piecewise) {
                        inputs.set(new StatusDocument.Inputs(snapshot, maintenance, today.date()));
                        StatusDocument.Rendered rendered = document.latest(inputs.get());
                        plain = rendered.length();
                        gzip = rendered.gzip().length;
                    } else {
                        byte[] bytes = json.writeValueAsBytes(ApiRepresentations.status(snapshot, maintenance, today));
                        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8);
                        try (GZIPOutputStream compressed = new GZIPOutputStream(out, 8_192)) {
                            compressed.write(bytes);
                        }
                        MessageDigest.getInstance("SHA-256").digest(bytes);
                        plain = bytes.length;
                        gzip = out.size();
                    }
                    cpu[round] = threads.getCurrentThreadCpuTime() - start;
                }
                Arrays.sort(cpu);
                if (pass == 1) {
                    System.out.printf(Locale.ROOT, "summary rebuild after one service changed, %,d services, %s: CPU p50 "
                                    + "%.2f ms, p99 %.2f ms; %,d B plain, %,d B gzip%n", count,
                            piecewise ? "piecewise (StatusDocument)" : "whole document at once", cpu[rounds / 2] / 1e6,
                            cpu[(int) Math.ceil(rounds * 0.99) - 1] / 1e6, plain, gzip);
                }
            }
        }
    }

    /** A service with a last check, uptime counts in every window and a name of its own. */
    private static ServiceStatus service(int i, long millis) {
        Monitor monitor = Monitor.builder(MonitorId.of("m" + i), "Service " + i,
                new ProbeSpec("http", ProbeSettings.empty())).build();
        Map<UptimeWindow, CheckCounts> counts = new EnumMap<>(UptimeWindow.class);
        for (UptimeWindow window : UptimeWindow.values()) {
            counts.put(window, new CheckCounts(10_000 + i, i % 7, 0));
        }
        return new ServiceStatus(monitor, Status.UP, NOW, Optional.of(new Sample(monitor.id(), NOW.plusMillis(i),
                Duration.ofMillis(millis), Outcome.SUCCESS, Optional.empty(), List.of())), List.of(), counts, List.of());
    }
}
