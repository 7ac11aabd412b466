package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.port.SampleStore;
import dev.upwatch.core.service.SampleBuffer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child process of {@link SampleDurabilityTest}: the engine's {@link SampleBuffer} writes 60 samples/s of 30
 * monitors to the database, and the process dies like {@code kill -9} ({@link Runtime#halt}) as its writer starts
 * the {@code args[3]}-th batch, after printing how many samples the buffer counts as written (what {@code /metrics}
 * reports). Arguments: an H2 directory, or a JDBC URL, user and password; then the batch to die at.
 */
final class SampleWritingChild {
    static final int HALTED = 137;

    private SampleWritingChild() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseSettings settings = args[0].startsWith("jdbc:")
                ? new DatabaseSettings(args[0], args[1], Optional.of(args[2]).filter(p -> !p.isEmpty()))
                : DatabaseSettings.embedded(Path.of(args[0]));
        int haltAt = Integer.parseInt(args[3]);
        Database database = Database.open(settings);
        SampleStore store = database.sampleStore();
        AtomicReference<SampleBuffer> buffer = new AtomicReference<>();
        AtomicInteger appends = new AtomicInteger();
        SampleStore halting = new SampleStore() {
            @Override
            public void append(List<Sample> samples) {
                if (appends.incrementAndGet() == haltAt) {
                    // The writer appends one batch at a time and counts it once append returned: every earlier batch
                    // is counted, this one is not.
                    System.out.println("WRITTEN " + buffer.get().written());
                    System.out.flush();
                    Runtime.getRuntime().halt(HALTED);
                }
                store.append(samples);
            }

            @Override
            public List<Sample> recent(MonitorId monitorId, int limit) {
                return store.recent(monitorId, limit);
            }
        };
        SampleBuffer writer = new SampleBuffer(halting, 100_000, 5_000, Duration.ofSeconds(1));
        buffer.set(writer);
        writer.start();
        Instant start = Instant.parse("2026-11-24T20:00:00Z");
        for (long i = 0; ; i++) {
            writer.offer(new Sample(MonitorId.of("m" + i % 30), start.plusMillis(i * 17), Duration.ofMillis(12),
                    Outcome.SUCCESS, Optional.empty(), List.of()));
            if (i % 3 == 2) {
                Thread.sleep(50); // 3 samples per 50 ms: 60 samples/s
            }
        }
    }
}
