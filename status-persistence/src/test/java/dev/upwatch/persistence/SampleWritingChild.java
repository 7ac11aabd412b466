package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Outcome;
import dev.upwatch.core.model.Sample;
import dev.upwatch.core.service.SampleBuffer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link SampleDurabilityTest}: the engine's {@link SampleBuffer} writes 60 samples/s of 30
 * monitors to the database, and the process dies like {@code kill -9} ({@link Runtime#halt}) within a fraction of a
 * millisecond of the buffer counting at least {@code args[3]} samples as written (what {@code /metrics} reports),
 * after printing that count. Arguments: an H2 directory, or a JDBC URL, user and password; then the count to die at.
 */
final class SampleWritingChild {
    private SampleWritingChild() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseSettings settings = ChildJvm.database(args);
        long haltAt = Long.parseLong(args[3]);
        SampleBuffer writer = new SampleBuffer(Database.open(settings).sampleStore(), 100_000, 5_000, Duration.ofSeconds(1));
        writer.start();
        Thread.ofPlatform().daemon().start(() -> {
            // Right after a batch is counted (the next one takes the buffer's batch window to form): the moment a store
            // that counted before its commit was durable loses it.
            long written;
            while ((written = writer.written()) < haltAt) {
                LockSupport.parkNanos(100_000);
            }
            System.out.println("WRITTEN " + written);
            System.out.flush();
            Runtime.getRuntime().halt(ChildJvm.HALTED);
        });
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
